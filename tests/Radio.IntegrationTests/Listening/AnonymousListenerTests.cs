using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Radio.Infrastructure.Listening;
using Radio.IntegrationTests.Infrastructure;
using Radio.Web.Listening;

namespace Radio.IntegrationTests.Listening;

/// <summary>Cookie values as a client that keeps no cookie jar sees and sends them.</summary>
internal static partial class ListenerCookies
{
    public static HttpClient WithoutCookieJar(this RadioApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    public static async Task<HttpResponseMessage> PostHeartbeatAsync(
        this HttpClient client, string? cookie, DateTimeOffset connectTime, double playedSeconds)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/heartbeat")
        {
            Content = JsonContent.Create(new { connect_time = connectTime, played_seconds = playedSeconds }, options: Api.Json),
        };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", "radio_listener=" + cookie);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The <c>radio_listener</c> value a response sets, or null.</summary>
    public static string? SetListenerCookie(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Select(c => CookieValue().Match(c)).FirstOrDefault(m => m.Success) is { } match
            ? match.Groups[1].Value
            : null;

    [GeneratedRegex("^radio_listener=([^;]*)")]
    private static partial Regex CookieValue();
}

public sealed class AnonymousListenerTests(ListeningApp app) : IClassFixture<ListeningApp>
{
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task The_cookie_is_signed_and_names_the_same_listener_on_the_next_heartbeat()
    {
        var client = app.WithoutCookieJar();
        var first = await client.PostHeartbeatAsync(null, Now, 20);
        var cookie = first.SetListenerCookie();
        app.Clock.Advance(TimeSpan.FromSeconds(15));

        var second = await client.PostHeartbeatAsync(cookie, Now.AddSeconds(-15), 35);

        cookie.Should().MatchRegex("^[0-9a-f]{32}\\.[A-Za-z0-9_-]{22}$", "a key and its signature, small enough for every request");
        second.SetListenerCookie().Should().BeNull("a cookie the server issued is kept");
        (await second.ReadAsync<HeartbeatResponse>())!.TotalSeconds.Should().Be(35);
    }

    public static TheoryData<string> Forgeries => new()
    {
        Guid.NewGuid().ToString("N"), // a client-chosen key, as accepted before cookies were signed
        "not a cookie",
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_cookie_the_server_did_not_issue_is_a_new_listener_with_a_new_cookie(string forged)
    {
        var client = app.WithoutCookieJar();

        var response = await client.PostHeartbeatAsync(forged, Now, 10);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.SetListenerCookie().Should().NotBeNull().And.NotBe(forged).And.MatchRegex("^[0-9a-f]{32}\\.");
        (await response.ReadAsync<HeartbeatResponse>())!.SessionSeconds.Should().Be(10);
    }

    [Fact]
    public async Task A_tampered_signed_cookie_is_a_new_listener_and_does_not_reach_the_real_one()
    {
        var client = app.WithoutCookieJar();
        var connect = Now;
        var cookie = (await client.PostHeartbeatAsync(null, connect, 20)).SetListenerCookie()!;
        var otherKey = Guid.NewGuid().ToString("N");
        app.Clock.Advance(TimeSpan.FromSeconds(15));

        // the real listener's signature on another key, and the real key with a changed signature
        var borrowed = await client.PostHeartbeatAsync(otherKey + cookie[32..], connect, 35);
        var flipped = await client.PostHeartbeatAsync(cookie[..^2] + (cookie[^2] == 'A' ? "B" : "A") + cookie[^1], connect, 35);
        var real = await client.PostHeartbeatAsync(cookie, connect, 35);

        foreach (var forged in new[] { borrowed, flipped })
        {
            forged.SetListenerCookie().Should().NotBeNull().And.NotBe(cookie);
            (await forged.ReadAsync<HeartbeatResponse>())!.TotalSeconds.Should().Be(30, "a new listener's first heartbeat credits at most 30 s");
        }

        (await real.ReadAsync<HeartbeatResponse>())!.TotalSeconds.Should().Be(35, "the forgeries added nothing to the real listener");
    }

    [Fact]
    public async Task The_cookie_is_secure_over_https_and_not_over_plain_http()
    {
        var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        var http = app.WithoutCookieJar();

        var secure = (await https.PostHeartbeatAsync(null, Now, 1)).Headers.GetValues("Set-Cookie").Single();
        var plain = (await http.PostHeartbeatAsync(null, Now, 1)).Headers.GetValues("Set-Cookie").Single();

        secure.Should().Contain("secure").And.Contain("httponly");
        plain.Should().NotContain("secure").And.Contain("httponly");
    }

    [Fact]
    public async Task A_rejected_heartbeat_sets_no_cookie()
    {
        var response = await app.WithoutCookieJar().PostHeartbeatAsync(null, Now, -1);

        await response.ShouldBeProblemAsync(400);
        response.SetListenerCookie().Should().BeNull();
    }
}

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
