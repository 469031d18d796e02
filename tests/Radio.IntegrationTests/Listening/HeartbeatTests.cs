using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Radio.IntegrationTests.Infrastructure;
using Radio.Web.Accounts;

namespace Radio.IntegrationTests.Listening;

public abstract class HeartbeatTests(ListeningApp app)
{
    public sealed class OnSqlite(ListeningApp app) : HeartbeatTests(app), IClassFixture<ListeningApp>;

    public sealed class OnPostgreSql(PostgresListeningApp app) : HeartbeatTests(app), IClassFixture<PostgresListeningApp>;

    private readonly HttpClient _anonymousClient = app.CreateClient();

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task A_signed_in_listener_gets_session_and_total_and_their_name()
    {
        var auth = await _anonymousClient.RegisterAsync();
        var client = app.CreateClient(auth.Token);
        var connect = Now;

        var response = await client.PostHeartbeatAsync(connect, 10);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Be($"{{\"status\":\"ok\",\"session_seconds\":10,\"total_seconds\":10,\"username\":\"{auth.User.Username}\"}}");
    }

    [Fact]
    public async Task An_honest_listener_is_credited_what_they_played_and_me_shows_it_before_it_is_stored()
    {
        var auth = await _anonymousClient.RegisterAsync();
        var client = app.CreateClient(auth.Token);
        var connect = Now;
        await client.HeartbeatAsync(connect, 0);

        app.Clock.Advance(TimeSpan.FromSeconds(15));
        await client.HeartbeatAsync(connect, 15);
        app.Clock.Advance(TimeSpan.FromSeconds(15));
        var third = await client.HeartbeatAsync(connect, 29.5);

        third.SessionSeconds.Should().Be(29, "0 + 15 + 14.5, floored");
        third.TotalSeconds.Should().Be(29);
        app.StoredTotal(auth.User.Id).Should().Be(0, "29 s is below the 30 s batch");
        var me = await client.GetFromJsonAsync<UserResponse>("/users/me", Api.Json);
        me!.TotalListenTime.Should().Be(29, "the total includes credit not yet stored");
    }

    [Fact]
    public async Task Claiming_more_than_the_wall_clock_is_capped()
    {
        var client = app.CreateClient((await _anonymousClient.RegisterAsync()).Token);
        var connect = Now;
        var first = await client.HeartbeatAsync(connect, 5000);

        app.Clock.Advance(TimeSpan.FromSeconds(15));
        var second = await client.HeartbeatAsync(connect, 9000);

        first.SessionSeconds.Should().Be(30, "the first heartbeat of a session credits at most 30 s");
        second.SessionSeconds.Should().Be(15 + 30, "the session holds at most the server time since its first heartbeat plus 30 s");
    }

    [Fact]
    public async Task One_heartbeat_is_credited_at_most_the_time_since_the_previous_one_plus_2_seconds()
    {
        var client = app.CreateClient((await _anonymousClient.RegisterAsync()).Token);
        var connect = Now;
        await client.HeartbeatAsync(connect, 0);

        app.Clock.Advance(TimeSpan.FromSeconds(15));
        var second = await client.HeartbeatAsync(connect, 9000);

        second.SessionSeconds.Should().Be(15 + 2, "15 s of server time plus 2 s of slack");
    }

    [Fact]
    public async Task A_client_beating_every_half_second_gets_no_more_than_the_server_time_plus_30_seconds()
    {
        var auth = await _anonymousClient.RegisterAsync();
        var client = app.CreateClient(auth.Token);
        var connect = Now;
        var beat = await client.HeartbeatAsync(connect, 3);

        // 12 s of server time, claiming 87 s
        for (var i = 1; i <= 24; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(0.5));
            beat = await client.HeartbeatAsync(connect, 3 + (3.5 * i));
        }

        beat.SessionSeconds.Should().Be(12 + 30, "without the session cap the 2 s slack of every beat would give 63 s");
        beat.TotalSeconds.Should().Be(42);
    }

    [Fact]
    public async Task Credit_reaching_the_threshold_is_stored_by_the_next_flush()
    {
        var auth = await _anonymousClient.RegisterAsync();
        var client = app.CreateClient(auth.Token);
        var connect = Now;
        await client.HeartbeatAsync(connect, 25);
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        await client.HeartbeatAsync(connect, 35);

        await app.FlushDueAsync();

        app.StoredTotal(auth.User.Id).Should().Be(35);
        (await client.HeartbeatAsync(connect, 35)).TotalSeconds.Should().Be(35, "stored and pending are not counted twice");
    }

    [Fact]
    public async Task A_reconnect_inside_the_timeout_keeps_the_session_and_one_after_it_starts_a_new_one()
    {
        var auth = await _anonymousClient.RegisterAsync();
        var client = app.CreateClient(auth.Token);
        await client.HeartbeatAsync(Now, 20);

        app.Clock.Advance(TimeSpan.FromSeconds(40));
        var recovered = await client.HeartbeatAsync(Now, 5); // page refreshed: new connect_time
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var fresh = await client.HeartbeatAsync(Now, 3);

        recovered.SessionSeconds.Should().Be(25, "the session survives a refresh within 60 s");
        fresh.SessionSeconds.Should().Be(3, "61 s of silence ended the session");
        fresh.TotalSeconds.Should().Be(28);
    }

    [Fact]
    public async Task An_ended_session_is_stored_even_below_the_threshold()
    {
        var auth = await _anonymousClient.RegisterAsync();
        await app.CreateClient(auth.Token).HeartbeatAsync(Now, 12);

        app.Clock.Advance(TimeSpan.FromSeconds(60));
        await app.FlushDueAsync();

        app.StoredTotal(auth.User.Id).Should().Be(12);
    }

    [Fact]
    public async Task An_anonymous_token_listener_gets_their_generated_name_and_nothing_is_stored()
    {
        var anonymous = (await (await _anonymousClient.PostAsync("/auth/anonymous", null)).ReadAsync<AnonymousResponse>())!;
        var client = app.CreateClient(anonymous.Token);
        var connect = Now;
        await client.HeartbeatAsync(connect, 20);
        app.Clock.Advance(TimeSpan.FromSeconds(15));

        var second = await client.HeartbeatAsync(connect, 35);

        second.Username.Should().Be(anonymous.Username);
        second.SessionSeconds.Should().Be(35);
        second.TotalSeconds.Should().Be(35, "in the first session the total equals the session");
    }

    [Fact]
    public async Task Without_a_token_the_first_heartbeat_sets_an_http_only_cookie_that_names_the_listener()
    {
        var client = app.CreateClient(); // keeps cookies, as a browser does
        var connect = Now;

        var response = await client.PostHeartbeatAsync(connect, 10);
        app.Clock.Advance(TimeSpan.FromSeconds(15));
        var second = await client.HeartbeatAsync(connect, 25);

        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        cookie.Should().StartWith("radio_listener=").And.Contain("httponly");
        cookie.Should().MatchRegex("^radio_listener=[0-9a-f]{32}\\.[A-Za-z0-9_-]{22};");
        var first = (await response.ReadAsync<Radio.Web.Listening.HeartbeatResponse>())!;
        first.Username.Should().MatchRegex("^Listener_\\d{4}$");
        second.Username.Should().Be(first.Username);
        second.SessionSeconds.Should().Be(25, "the cookie names the same listener and session");
        second.TotalSeconds.Should().Be(25);
        (await client.PostHeartbeatAsync(connect, 25)).Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    [Fact]
    public async Task An_anonymous_total_outlives_its_session_in_memory()
    {
        var client = app.CreateClient();
        await client.HeartbeatAsync(Now, 20);
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.FlushDueAsync();

        var later = await client.HeartbeatAsync(Now, 10);

        later.SessionSeconds.Should().Be(10);
        later.TotalSeconds.Should().Be(30);
    }

    [Fact]
    public async Task A_bad_token_is_401_not_an_anonymous_listener()
    {
        var client = app.CreateClient("not-a-token");

        await (await client.PostHeartbeatAsync(Now, 10)).ShouldBeProblemAsync(401);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "{\"played_seconds\": 10}", "connect_time" },
        { "{\"connect_time\": null, \"played_seconds\": 10}", "connect_time" },
        { "{\"connect_time\": \"yesterday\", \"played_seconds\": 10}", "connect_time" },
        { "{\"connect_time\": \"{ahead}\", \"played_seconds\": 10}", "connect_time" },
        { "{\"connect_time\": \"{now}\"}", "played_seconds" },
        { "{\"connect_time\": \"{now}\", \"played_seconds\": -1}", "played_seconds" },
        { "{\"connect_time\": \"{now}\", \"played_seconds\": 10000000.5}", "played_seconds" },
        { "{\"connect_time\": \"{now}\", \"played_seconds\": 1e400}", "played_seconds" },
        { "{\"connect_time\": \"{now}\", \"played_seconds\": \"NaN\"}", "played_seconds" },
        { "{\"connect_time\": \"{now}\", \"played_seconds\": \"ten\"}", "played_seconds" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Invalid_heartbeats_are_400_problems_naming_the_field(string json, string field)
    {
        json = json
            .Replace("{now}", Now.ToString("O", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{ahead}", Now.AddMinutes(5).AddSeconds(1).ToString("O", CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await _anonymousClient.PostAsync("/api/heartbeat", content);

        var problem = await response.ShouldBeProblemAsync(400);
        problem.Errors.Keys.Should().ContainSingle(k => k.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exactly_ten_million_played_seconds_and_a_connect_time_five_minutes_ahead_are_accepted()
    {
        var client = app.CreateClient((await _anonymousClient.RegisterAsync()).Token);

        var response = await client.PostHeartbeatAsync(Now.AddMinutes(5), 10_000_000);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
