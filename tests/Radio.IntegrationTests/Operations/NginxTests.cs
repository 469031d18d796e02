using System.Net;
using System.Net.Http.Json;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Station;

namespace Radio.IntegrationTests.Operations;

/// <summary>
/// The README's nginx example, run for real: clients at 127.0.0.2 and 127.0.0.3 reach Radio only through nginx, so
/// Radio sees every connection come from 127.0.0.1, and its per-address limits must still key on each client.
/// </summary>
public sealed class NginxTests(NginxProxy nginx) : IClassFixture<NginxProxy>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [NginxFact]
    public async Task Each_client_behind_nginx_has_its_own_auth_budget()
    {
        using var first = nginx.CreateClientFrom("127.0.0.2");
        using var second = nginx.CreateClientFrom("127.0.0.3");

        var firstStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            firstStatuses.Add(await LoginStatusAsync(first));
        }

        var secondStatus = await LoginStatusAsync(second);

        firstStatuses.Should().Equal(HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests);
        secondStatus.Should().Be(HttpStatusCode.Unauthorized, "127.0.0.3 has spent none of its own budget");
    }

    [NginxFact]
    public async Task The_listener_cookie_is_secure_behind_nginx_terminating_tls()
    {
        using var client = nginx.CreateClientFrom("127.0.0.4");

        using var response = await client.PostAsJsonAsync(
            "/api/heartbeat", new { connect_time = TimeProvider.System.GetUtcNow(), played_seconds = 0 }, Api.Json);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Set-Cookie").Single().ToLowerInvariant().Should().Contain("secure");
    }

    [NginxFact]
    public async Task Stream_listeners_behind_nginx_are_capped_per_client_and_the_stream_flows()
    {
        using var first = nginx.CreateClientFrom("127.0.0.5");
        using var second = nginx.CreateClientFrom("127.0.0.6");

        using var listening = await first.OpenStreamAsync();
        await using var body = await listening.Content.ReadAsStreamAsync();
        var audio = await body.ReadAtLeastAsync(StationSongs.BytesPerSecond, Timeout);
        using var refused = await first.OpenStreamAsync();
        using var other = await second.OpenStreamAsync();

        listening.StatusCode.Should().Be(HttpStatusCode.OK);
        listening.Content.Headers.ContentType!.MediaType.Should().Be("audio/mpeg");
        audio.Should().HaveCount(StationSongs.BytesPerSecond, "nginx passes the stream on as it comes");
        await refused.ShouldBeProblemAsync(503);
        refused.Headers.RetryAfter.Should().NotBeNull();
        other.StatusCode.Should().Be(HttpStatusCode.OK, "another client behind nginx has a place of its own");
    }

    private static async Task<HttpStatusCode> LoginStatusAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/auth/login", new { username = "nobody", password = "password123" }, Api.Json);
        return response.StatusCode;
    }
}

/// <summary>A station behind nginx at 127.0.0.1: two login attempts a minute and one stream per client address.</summary>
public sealed class ProxiedStationApp : StationApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:ForwardedHeaders:KnownNetworks"] = "127.0.0.1",
        ["Radio:RateLimiting:AuthPerMinute"] = "2",
        ["Radio:Station:MaxListenersPerAddress"] = "1",
    };
}

/// <summary>A test that runs nginx: skipped only where nginx is neither installed nor installable.</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (!NginxProxy.CanRun)
        {
            Skip = "nginx is not installed, and apt-get cannot install it here (not root)";
        }
    }
}
