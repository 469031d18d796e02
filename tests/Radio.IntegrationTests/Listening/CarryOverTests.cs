using System.Net;
using System.Net.Http.Json;
using Radio.IntegrationTests.Infrastructure;
using Radio.Web.Accounts;

namespace Radio.IntegrationTests.Listening;

/// <summary>API.md, Listener features, Carry-over: registering as an anonymous listener keeps what they listened, once.</summary>
public abstract class CarryOverTests(ListeningApp app)
{
    public sealed class OnSqlite(ListeningApp app) : CarryOverTests(app), IClassFixture<ListeningApp>;

    public sealed class OnPostgreSql(PostgresListeningApp app) : CarryOverTests(app), IClassFixture<PostgresListeningApp>;

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task Registering_with_an_anonymous_token_starts_the_account_at_its_total_once_and_the_anonymous_listener_is_gone()
    {
        var anonymous = (await (await app.CreateClient().PostAsync("/auth/anonymous", null)).ReadAsync<AnonymousResponse>())!;
        var listener = app.CreateClient(anonymous.Token);
        await ListenAsync(listener, 15);

        var registered = await RegisterAsync(listener);
        var again = await RegisterAsync(listener);

        registered.User.TotalListenTime.Should().Be(15);
        again.User.TotalListenTime.Should().Be(0, "the total was carried over once");
        var me = await app.CreateClient(registered.Token).GetFromJsonAsync<UserResponse>("/users/me", Api.Json);
        me!.TotalListenTime.Should().Be(15);
        (await listener.HeartbeatAsync(Now, 0)).TotalSeconds.Should().Be(0, "the anonymous listener is gone with its total");
        await app.FlushEverythingAsync();
        app.StoredTotal(registered.User.Id).Should().Be(15, "carried credit is written like any other");
    }

    [Fact]
    public async Task Registering_with_the_listener_cookie_carries_its_total_over()
    {
        var listener = app.CreateClient(); // keeps the radio_listener cookie the first heartbeat sets
        await ListenAsync(listener, 20);

        var registered = await RegisterAsync(listener);

        registered.User.TotalListenTime.Should().Be(20);
    }

    [Fact]
    public async Task A_refused_registration_leaves_the_anonymous_listener_as_it_was()
    {
        var taken = await app.CreateClient().RegisterAsync();
        var listener = app.CreateClient();
        await ListenAsync(listener, 10);

        var refused = await listener.PostAsJsonAsync(
            "/auth/register", new { username = taken.User.Username, password = "password123" }, Api.Json);

        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await RegisterAsync(listener)).User.TotalListenTime.Should().Be(10);
    }

    [Fact]
    public async Task Registering_without_an_anonymous_listener_starts_at_0()
    {
        var user = await app.CreateClient().RegisterAsync();
        var signedIn = app.CreateClient(user.Token);
        await ListenAsync(signedIn, 10);

        (await RegisterAsync(signedIn)).User.TotalListenTime.Should().Be(0, "an account's token carries nothing over");
    }

    private async Task ListenAsync(HttpClient client, double seconds)
    {
        var connect = Now;
        await client.HeartbeatAsync(connect, 0);
        app.Clock.Advance(TimeSpan.FromSeconds(seconds));
        await client.HeartbeatAsync(connect, seconds);
    }

    private static async Task<AuthResponse> RegisterAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/auth/register", new { username = Api.UniqueName(), password = "password123" }, Api.Json);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<AuthResponse>())!;
    }
}
