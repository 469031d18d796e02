using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
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
