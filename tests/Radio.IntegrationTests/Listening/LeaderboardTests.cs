using System.Net;
using Radio.IntegrationTests.Infrastructure;
using Radio.Web.Accounts;

namespace Radio.IntegrationTests.Listening;

public abstract class LeaderboardTests(ListeningApp app)
{
    public sealed class OnSqlite(ListeningApp app) : LeaderboardTests(app), IClassFixture<ListeningApp>;

    public sealed class OnPostgreSql(PostgresListeningApp app) : LeaderboardTests(app), IClassFixture<PostgresListeningApp>;

    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task The_top_ten_by_listening_time_ties_by_id_without_users_who_never_listened_or_anonymous_listeners()
    {
        var listened = new List<(AuthResponse Auth, int Seconds)>();
        foreach (var seconds in new[] { 5, 30, 12, 30, 8, 25, 3, 19, 27, 1, 22, 14 })
        {
            var auth = await _client.RegisterAsync();
            await app.CreateClient(auth.Token).HeartbeatAsync(app.Clock.GetUtcNow(), seconds);
            listened.Add((auth, seconds));
        }

        await _client.RegisterAsync(); // never listens
        await app.CreateClient().HeartbeatAsync(app.Clock.GetUtcNow(), 30); // anonymous, by cookie
        await app.FlushEverythingAsync();

        var response = await _client.GetAsync("/users/leaderboard");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var board = (await response.ReadAsync<List<UserResponse>>())!;
        var body = await response.Content.ReadAsStringAsync();
        body.Should().StartWith("[{\"id\":").And.Contain("\"total_listen_time\":30,\"artist_id\":null}");
        var expected = listened
            .OrderByDescending(l => l.Seconds).ThenBy(l => l.Auth.User.Id).Take(10)
            .Select(l => l.Auth.User with { TotalListenTime = l.Seconds });
        board.Should().Equal(expected);
    }

    [Fact]
    public async Task The_openapi_document_describes_heartbeat_and_leaderboard()
    {
        var document = await _client.GetStringAsync("/openapi/v1.json");

        document.Should().Contain("\"/api/heartbeat\"").And.Contain("\"/users/leaderboard\"");
    }
}
