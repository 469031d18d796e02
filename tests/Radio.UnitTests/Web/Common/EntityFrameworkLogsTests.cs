using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Radio.Web.Common;
using Serilog.Events;
using Serilog.Parsing;

namespace Radio.UnitTests.Web.Common;

public sealed class EntityFrameworkLogsTests
{
    private const int SqliteConstraint = 19;
    private const int SqliteError = 1;

    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore.Update")]
    [InlineData("Microsoft.EntityFrameworkCore.Database.Command")]
    public void EF_events_of_a_duplicate_key_are_lost_races(string source)
    {
        EntityFrameworkLogs.IsLostRace(Event(source, new DbUpdateException("save", new SqliteException("unique", SqliteConstraint)))).Should().BeTrue();
        EntityFrameworkLogs.IsLostRace(Event(source, new SqliteException("unique", SqliteConstraint))).Should().BeTrue("a failed command carries the driver's exception");
        EntityFrameworkLogs.IsLostRace(Event(source, new DbUpdateConcurrencyException("changed meanwhile"))).Should().BeTrue();
    }

    [Fact]
    public void Any_other_database_failure_stays_in_the_log()
    {
        EntityFrameworkLogs.IsLostRace(Event("Microsoft.EntityFrameworkCore.Update", new DbUpdateException("save", new SqliteException("disk I/O", SqliteError))))
            .Should().BeFalse();
        EntityFrameworkLogs.IsLostRace(Event("Microsoft.EntityFrameworkCore.Database.Command", new TimeoutException())).Should().BeFalse();
        EntityFrameworkLogs.IsLostRace(Event("Microsoft.EntityFrameworkCore.Update", exception: null)).Should().BeFalse();
    }

    [Fact]
    public void Radios_own_events_about_a_duplicate_key_stay_in_the_log()
    {
        EntityFrameworkLogs.IsLostRace(Event("Radio.Infrastructure.Station.ScheduleKeeper", new SqliteException("unique", SqliteConstraint)))
            .Should().BeFalse("only EF's own reports are dropped");
    }

    private static LogEvent Event(string source, Exception? exception) => new(
        DateTimeOffset.UnixEpoch, LogEventLevel.Error, exception, new MessageTemplateParser().Parse("failed"),
        [new LogEventProperty("SourceContext", new ScalarValue(source))]);
}
