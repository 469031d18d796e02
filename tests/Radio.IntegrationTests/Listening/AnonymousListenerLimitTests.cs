using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Radio.Infrastructure.Listening;
using Radio.IntegrationTests.Infrastructure;
using Radio.Web.Listening;

namespace Radio.IntegrationTests.Listening;

/// <summary>At most three anonymous listeners held, so the fourth pushes the least recently heard out.</summary>
public sealed class FewAnonymousListenersApp : ListeningApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Listening:MaxAnonymousListeners"] = "3",
    };
}

public sealed class AnonymousListenerBoundTests(FewAnonymousListenersApp app) : IClassFixture<FewAnonymousListenersApp>
{
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task Past_the_bound_the_least_recently_heard_listener_is_forgotten_and_a_recent_one_kept()
    {
        var client = app.WithoutCookieJar();
        var connect = Now;
        var cookies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            cookies.Add((await client.PostHeartbeatAsync(null, connect, 20)).SetListenerCookie()!);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        // the first is heard again, so the second is now the least recently heard; a fourth arrives
        (await client.PostHeartbeatAsync(cookies[0], connect, 21)).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await client.PostHeartbeatAsync(null, connect, 20)).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromSeconds(1));

        var oldest = (await (await client.PostHeartbeatAsync(cookies[1], Now, 5)).ReadAsync<HeartbeatResponse>())!;
        var recent = (await (await client.PostHeartbeatAsync(cookies[0], connect, 22)).ReadAsync<HeartbeatResponse>())!;

        oldest.TotalSeconds.Should().Be(5, "the forgotten listener starts over");
        oldest.SessionSeconds.Should().Be(5, "their session was forgotten with them");
        recent.TotalSeconds.Should().Be(22);
        app.Services.GetRequiredService<AnonymousListeners>().Count.Should().Be(3);
    }
}

/// <summary>
/// A budget of three new anonymous listeners a minute per address; each request says which address it comes from,
/// as if from different machines.
/// </summary>
public sealed class AnonymousBudgetApp : RadioApp
{
    public const string AddressHeader = "X-Test-Client-Address";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:RateLimiting:AnonymousPerMinute"] = "3",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
    }

    public HttpClient CreateClientAt(string address)
    {
        var client = this.WithoutCookieJar();
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers[AddressHeader] is [{ } address])
                {
                    http.Connection.RemoteIpAddress = IPAddress.Parse(address);
                }

                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

public sealed class AnonymousBudgetTests(AnonymousBudgetApp app) : IClassFixture<AnonymousBudgetApp>
{
    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    [Fact]
    public async Task Anonymous_tokens_and_heartbeat_cookies_share_one_budget_per_address()
    {
        var client = app.CreateClientAt("198.51.100.7");
        var elsewhere = app.CreateClientAt("203.0.113.9");
        var listeners = app.Services.GetRequiredService<AnonymousListeners>();
        (await client.PostAsync("/auth/anonymous", null)).EnsureSuccessStatusCode();
        var cookie = (await client.PostHeartbeatAsync(null, Now, 10)).SetListenerCookie();
        (await client.PostAsync("/auth/anonymous", null)).EnsureSuccessStatusCode();
        var held = listeners.Count;

        var mint = await client.PostHeartbeatAsync(null, Now, 10);
        var token = await client.PostAsync("/auth/anonymous", null);

        await mint.ShouldBeProblemAsync(429);
        mint.Headers.RetryAfter!.Delta.Should().BePositive();
        mint.SetListenerCookie().Should().BeNull();
        await token.ShouldBeProblemAsync(429);
        token.Headers.RetryAfter!.Delta.Should().BePositive();
        listeners.Count.Should().Be(held, "a refused heartbeat holds nothing");
        (await client.PostHeartbeatAsync(cookie, Now, 12)).StatusCode.Should().Be(HttpStatusCode.OK, "a listener it already has is not new");
        (await elsewhere.PostHeartbeatAsync(null, Now, 10)).SetListenerCookie().Should().NotBeNull("another address has its own budget");
        (await elsewhere.PostAsync("/auth/anonymous", null)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

public sealed class CookieRateLimitTests(StrictHeartbeatLimitApp app) : IClassFixture<StrictHeartbeatLimitApp>
{
    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    [Fact]
    public async Task Heartbeats_are_limited_per_signed_cookie_and_forged_ones_share_the_address_bucket()
    {
        var client = app.WithoutCookieJar();
        var flooder = (await client.PostHeartbeatAsync(null, Now, 0)).SetListenerCookie(); // minted: counted for the address
        var other = (await client.PostHeartbeatAsync(null, Now, 0)).SetListenerCookie();
        for (var i = 1; i <= 3; i++)
        {
            (await client.PostHeartbeatAsync(flooder, Now, i)).EnsureSuccessStatusCode();
        }

        var flooded = await client.PostHeartbeatAsync(flooder, Now, 4);
        (await client.PostHeartbeatAsync(Guid.NewGuid().ToString("N"), Now, 1)).EnsureSuccessStatusCode();
        var forged = await client.PostHeartbeatAsync(Guid.NewGuid().ToString("N"), Now, 1);

        await flooded.ShouldBeProblemAsync(429);
        (await client.PostHeartbeatAsync(other, Now, 1)).StatusCode.Should().Be(HttpStatusCode.OK, "each signed cookie has its own bucket");
        await forged.ShouldBeProblemAsync(429); // the address's fourth heartbeat without a valid cookie: no bucket of its own
    }
}
