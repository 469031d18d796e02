using System.Net;
using System.Net.Http.Json;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Station;

namespace Radio.IntegrationTests.Operations;

/// <summary>
/// A server on real sockets behind "proxies" at 127.0.0.1 and in 10.0.0.0/8, with two login attempts a minute per
/// client address. 127.0.0.2 is loopback too, but not listed: it must not be trusted.
/// </summary>
public sealed class ProxiedApp : KestrelRadioApp
{
    public const string Proxy = "127.0.0.1";
    public const string Untrusted = "127.0.0.2";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:ForwardedHeaders:KnownNetworks"] = "127.0.0.1, 10.0.0.0/8",
        ["Radio:RateLimiting:AuthPerMinute"] = "2",
    };
}

/// <summary>
/// Each test spends the budget of addresses of its own (the limiter's window outlives a test): the 198.51.100.x and
/// 203.0.113.x documentation addresses stand for clients on the internet.
/// </summary>
public sealed class ForwardedHeadersTests(ProxiedApp app) : IClassFixture<ProxiedApp>
{
    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_auth_budget()
    {
        using var proxy = app.CreateClientFrom(ProxiedApp.Proxy);

        var first = await LoginStatusesAsync(proxy, "198.51.100.1", 3);
        var second = await LoginStatusesAsync(proxy, "198.51.100.2", 1);

        first.Should().Equal(HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests);
        second.Should().Equal([HttpStatusCode.Unauthorized], "another client behind the same proxy has a budget of its own");
    }

    [Fact]
    public async Task From_an_address_not_listed_forwarded_headers_are_ignored_even_on_loopback()
    {
        using var untrusted = app.CreateClientFrom(ProxiedApp.Untrusted);

        var statuses = new List<HttpStatusCode>();
        foreach (var claimed in new[] { "198.51.100.3", "198.51.100.4", "198.51.100.5" })
        {
            statuses.AddRange(await LoginStatusesAsync(untrusted, claimed, 1));
        }

        statuses.Should().Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests],
            "whatever it claims, a client that is no known proxy is keyed by its own address");
    }

    [Fact]
    public async Task The_chain_is_read_from_the_right_and_the_first_address_outside_the_known_networks_is_the_client()
    {
        using var proxy = app.CreateClientFrom(ProxiedApp.Proxy);

        // the client put a made-up address in front; the proxies at 10.x each appended the address they saw
        var forged = await LoginStatusesAsync(proxy, "198.51.100.6, 203.0.113.7, 10.1.2.3, 10.4.5.6", 2);
        var forgedAgain = await LoginStatusesAsync(proxy, "198.51.100.8, 203.0.113.7, 10.1.2.3", 1);

        forged.Should().Equal(HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized);
        forgedAgain.Should().Equal([HttpStatusCode.TooManyRequests], "203.0.113.7 is the client, whatever it wrote before its address");
    }

    [Fact]
    public async Task Ipv6_clients_of_one_64_network_share_a_budget()
    {
        using var proxy = app.CreateClientFrom(ProxiedApp.Proxy);

        var statuses = new List<HttpStatusCode>();
        foreach (var client in new[] { "2001:db8:1:2::1", "2001:db8:1:2:ffff::2", "2001:db8:1:2:abcd:1:2:3", "2001:db8:1:3::1" })
        {
            statuses.AddRange(await LoginStatusesAsync(proxy, client, 1));
        }

        statuses.Should().Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.Unauthorized],
            "the first three are one /64, the last another");
    }

    [Fact]
    public async Task Https_at_a_known_proxy_makes_the_listener_cookie_secure()
    {
        using var proxy = app.CreateClientFrom(ProxiedApp.Proxy);
        using var untrusted = app.CreateClientFrom(ProxiedApp.Untrusted);

        var behindProxy = await CookieAsync(proxy);
        var claimed = await CookieAsync(untrusted);

        behindProxy.Should().Contain("secure", "the client spoke HTTPS to the proxy");
        claimed.Should().NotContain("secure", "an address that is no known proxy cannot say the request was HTTPS");

        static async Task<string> CookieAsync(HttpClient client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/heartbeat")
            {
                Content = JsonContent.Create(new { connect_time = TimeProvider.System.GetUtcNow(), played_seconds = 0 }, options: Api.Json),
            };
            request.Headers.Add("X-Forwarded-For", "203.0.113.20");
            request.Headers.Add("X-Forwarded-Proto", "https");
            using var response = await client.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            return response.Headers.GetValues("Set-Cookie").Single().ToLowerInvariant();
        }
    }

    [Fact]
    public async Task The_host_and_scheme_a_known_proxy_forwards_are_the_ones_the_server_names_itself_by()
    {
        using var proxy = app.CreateClientFrom(ProxiedApp.Proxy);
        using var untrusted = app.CreateClientFrom(ProxiedApp.Untrusted);

        // the OpenAPI document's server entry is built from the request's scheme and host
        var behindProxy = await ServerUrlAsync(proxy);
        var claimed = await ServerUrlAsync(untrusted);

        behindProxy.Should().StartWith("https://radio.example.com");
        claimed.Should().NotContain("radio.example.com");

        static async Task<string> ServerUrlAsync(HttpClient client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
            request.Headers.Add("X-Forwarded-For", "203.0.113.30");
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-Host", "radio.example.com");
            using var response = await client.SendAsync(request);
            var document = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            return document.GetProperty("servers")[0].GetProperty("url").GetString()!;
        }
    }

    private static async Task<List<HttpStatusCode>> LoginStatusesAsync(HttpClient client, string forwardedFor, int attempts)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < attempts; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/login")
            {
                Content = JsonContent.Create(new { username = "nobody", password = "password123" }, options: Api.Json),
            };
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}
