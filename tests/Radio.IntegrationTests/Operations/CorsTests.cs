using System.Net;
using System.Net.Http.Json;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Operations;

/// <summary>A server that lets two web apps call it, with one login attempt a minute per client address.</summary>
public sealed class ListedOriginsApp : RadioApp
{
    public const string App = "https://app.example.com";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Cors:Origins"] = $"{App}, http://localhost:3000",
        ["Radio:RateLimiting:AuthPerMinute"] = "1",
    };
}

public sealed class AnyOriginApp : RadioApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Cors:Origins"] = "*",
    };
}

public sealed class ListedOriginsTests(ListedOriginsApp app) : IClassFixture<ListedOriginsApp>
{
    [Fact]
    public async Task A_preflight_from_a_listed_origin_allows_credentials_and_the_authorization_and_content_type_headers()
    {
        using var response = await app.CreateClient().SendAsync(Cors.Preflight("/api/heartbeat", ListedOriginsApp.App));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(ListedOriginsApp.App);
        response.Headers.GetValues("Access-Control-Allow-Credentials").Should().Equal("true");
        string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant()
            .Should().Contain("authorization").And.Contain("content-type");
        response.Headers.GetValues("Access-Control-Allow-Methods").Should().Contain(m => m.Contains("POST"));
    }

    [Fact]
    public async Task A_preflight_from_an_origin_not_listed_is_not_allowed()
    {
        using var response = await app.CreateClient().SendAsync(Cors.Preflight("/api/heartbeat", "https://evil.example.net"));

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        response.Headers.Contains("Access-Control-Allow-Credentials").Should().BeFalse();
    }

    [Fact]
    public async Task A_request_from_a_listed_origin_gets_its_origin_back()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/radio/now-playing");
        request.Headers.Add("Origin", ListedOriginsApp.App);

        using var response = await app.CreateClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(ListedOriginsApp.App);
        response.Headers.GetValues("Access-Control-Allow-Credentials").Should().Equal("true");
    }

    [Fact]
    public async Task Preflights_are_answered_before_authentication_and_rate_limiting()
    {
        var client = app.CreateClient();

        var protectedPreflight = await client.SendAsync(Cors.Preflight("/users/me", ListedOriginsApp.App, "GET"));
        var loginPreflights = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            loginPreflights.Add((await client.SendAsync(Cors.Preflight("/auth/login", ListedOriginsApp.App))).StatusCode);
        }

        var login = await client.PostAsJsonAsync("/auth/login", new { username = "nobody", password = "password123" }, Api.Json);

        protectedPreflight.StatusCode.Should().Be(HttpStatusCode.NoContent, "a preflight carries no credentials to check");
        loginPreflights.Should().OnlyContain(s => s == HttpStatusCode.NoContent, "preflights are not login attempts");
        login.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the preflights spent none of the one attempt a minute");
    }
}

public sealed class AnyOriginTests(AnyOriginApp app) : IClassFixture<AnyOriginApp>
{
    [Fact]
    public async Task With_a_star_any_origin_may_call_without_credentials()
    {
        using var response = await app.CreateClient().SendAsync(Cors.Preflight("/api/heartbeat", "https://anywhere.example.org"));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("*");
        response.Headers.Contains("Access-Control-Allow-Credentials").Should().BeFalse("credentials are never allowed to any origin");
        string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant()
            .Should().Contain("authorization").And.Contain("content-type");
    }
}

public sealed class NoOriginsTests(RadioApp app) : IClassFixture<RadioApp>
{
    [Fact]
    public async Task By_default_no_other_origin_is_allowed()
    {
        using var preflight = await app.CreateClient().SendAsync(Cors.Preflight("/api/heartbeat", ListedOriginsApp.App));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/radio/now-playing");
        request.Headers.Add("Origin", ListedOriginsApp.App);
        using var response = await app.CreateClient().SendAsync(request);

        preflight.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }
}

internal static class Cors
{
    /// <summary>What a browser sends before a cross-origin call with a bearer token and a JSON body.</summary>
    public static HttpRequestMessage Preflight(string path, string origin, string method = "POST")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        return request;
    }
}

public sealed class CorsConfigurationTests
{
    private sealed class PathOriginApp : RadioApp
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Radio:Cors:Origins"] = "https://app.example.com/",
        };
    }

    [Fact]
    public void An_origin_written_with_a_path_stops_the_start_up()
    {
        using var app = new PathOriginApp();

        var start = () => app.CreateClient();

        start.Should().Throw<InvalidOperationException>().WithMessage("*Cors:Origins*https://app.example.com/*");
    }
}
