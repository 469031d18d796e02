using Radio.IntegrationTests.Library;
using Radio.IntegrationTests.Listening;
using Radio.IntegrationTests.Station;
using Radio.IntegrationTests.Station.Requests;

namespace Radio.IntegrationTests.Infrastructure;

// The same servers on a PostgreSQL database of their own, for the test classes that run on both engines
// (their nested OnSqlite and OnPostgreSql classes). A class fixture is picked by its type, so each engine needs one.

public sealed class PostgresListeningApp : ListeningApp
{
    public PostgresListeningApp() => Database = TestDatabase.PostgreSql;
}

public sealed class PostgresRequestsApp : RequestsApp
{
    public PostgresRequestsApp() => Database = TestDatabase.PostgreSql;
}

public sealed class PostgresStationApp : StationApp
{
    public PostgresStationApp() => Database = TestDatabase.PostgreSql;
}

public sealed class PostgresTwoSongQuotaApp : TwoSongQuotaApp
{
    public PostgresTwoSongQuotaApp() => Database = TestDatabase.PostgreSql;
}
