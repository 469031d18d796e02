using System.Net;
using System.Text;
using Radio.IntegrationTests.Station;

namespace Radio.IntegrationTests.Events;

/// <summary>A station that lets two web apps on other origins call it, with credentials.</summary>
public sealed class ListedOriginsStationApp : StationApp
{
    public const string App = "https://app.example.com";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:Cors:Origins"] = $"{App}, http://localhost:3000",
    };
}

/// <summary>A station that any origin may call, without credentials.</summary>
public sealed class AnyOriginStationApp : StationApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:Cors:Origins"] = "*",
    };
}

/// <summary>
/// An EventSource on another origin (API.md, Deployment): <c>/radio/events</c> answers its <c>Origin</c> on both paths
/// exactly as the CORS policy answers it for any other GET (here <c>/radio/now-playing</c>, through the middleware).
/// </summary>
public abstract class ListedOriginsEventsTests(ListedOriginsStationApp app, EventsPath path) : IClassFixture<ListedOriginsStationApp>
{
    [Fact]
    public async Task A_listed_origin_gets_its_origin_back_with_credentials_and_vary_origin_as_other_GETs_do()
    {
        using var client = EventsCrossOrigin.From(app, ListedOriginsStationApp.App);
        using var other = await EventsCrossOrigin.GetNowPlayingAsync(app, ListedOriginsStationApp.App);

        using var events = await client.OpenEventsAsync(path);

        events.StatusCode.Should().Be(HttpStatusCode.OK);
        events.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(ListedOriginsStationApp.App);
        events.Headers.GetValues("Access-Control-Allow-Credentials").Should().Equal("true");
        events.Headers.Vary.Should().Contain("Origin", "the answer depends on the origin, so caches must not share it");
        EventsCrossOrigin.Of(events).Should().Equal(EventsCrossOrigin.Of(other), "one policy answers every GET");
    }

    [Fact]
    public async Task An_origin_not_listed_gets_no_cors_headers_as_other_GETs_do()
    {
        using var client = EventsCrossOrigin.From(app, "https://evil.example.net");
        using var other = await EventsCrossOrigin.GetNowPlayingAsync(app, "https://evil.example.net");

        using var events = await client.OpenEventsAsync(path);

        events.StatusCode.Should().Be(HttpStatusCode.OK);
        events.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        events.Headers.Contains("Access-Control-Allow-Credentials").Should().BeFalse();
        EventsCrossOrigin.Of(events).Should().Equal(EventsCrossOrigin.Of(other));
    }

    [Fact]
    public async Task A_request_without_an_origin_gets_no_cors_headers()
    {
        using var client = app.CreateClient();

        using var events = await client.OpenEventsAsync(path);

        EventsCrossOrigin.Of(events).Should().BeEmpty("only a cross-origin request is answered with CORS headers");
    }
}

public sealed class ListedOriginsEventsOverSocketTests(ListedOriginsStationApp app) : ListedOriginsEventsTests(app, EventsPath.Socket);

public sealed class ListedOriginsEventsOverPipelineTests(ListedOriginsStationApp app) : ListedOriginsEventsTests(app, EventsPath.Pipeline);

public sealed class AnyOriginEventsTests(AnyOriginStationApp app) : IClassFixture<AnyOriginStationApp>
{
    [Theory]
    [InlineData(EventsPath.Socket)]
    [InlineData(EventsPath.Pipeline)]
    public async Task With_a_star_any_origin_is_allowed_without_credentials_as_other_GETs_are(EventsPath path)
    {
        using var client = EventsCrossOrigin.From(app, "https://anywhere.example.org");
        using var other = await EventsCrossOrigin.GetNowPlayingAsync(app, "https://anywhere.example.org");

        using var events = await client.OpenEventsAsync(path);

        events.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("*");
        events.Headers.Contains("Access-Control-Allow-Credentials").Should().BeFalse("credentials are never allowed to any origin");
        EventsCrossOrigin.Of(events).Should().Equal(EventsCrossOrigin.Of(other));
    }
}

public sealed class NoOriginsEventsTests(StationApp app) : IClassFixture<StationApp>
{
    [Theory]
    [InlineData(EventsPath.Socket)]
    [InlineData(EventsPath.Pipeline)]
    public async Task By_default_no_other_origin_is_allowed(EventsPath path)
    {
        using var client = EventsCrossOrigin.From(app, ListedOriginsStationApp.App);

        using var events = await client.OpenEventsAsync(path);

        events.StatusCode.Should().Be(HttpStatusCode.OK);
        EventsCrossOrigin.Of(events).Should().BeEmpty();
    }
}

/// <summary>
/// The stream answers an origin on both paths as the CORS policy answers any other GET, so a player on a listed origin
/// may read the audio (an <c>&lt;audio crossorigin&gt;</c> element feeding a visualiser, or <c>fetch</c>), whichever path
/// its connection takes.
/// </summary>
public sealed class StreamCrossOriginTests(ListedOriginsStationApp app) : IClassFixture<ListedOriginsStationApp>
{
    [Theory]
    [InlineData(ListedOriginsStationApp.App)]
    [InlineData("https://evil.example.net")]
    public async Task The_stream_answers_an_origin_on_its_socket_and_through_the_pipeline_as_other_GETs_do(string origin)
    {
        using var other = await EventsCrossOrigin.GetNowPlayingAsync(app, origin);
        using var socket = await app.ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /radio/stream HTTP/1.1\r\nHost: radio\r\nOrigin: {origin}\r\n\r\n"));
        var head = await socket.ReceiveUntilAsync("\r\n\r\n");
        using var client = EventsCrossOrigin.From(app, origin);
        (await client.GetAsync("/health/live")).EnsureSuccessStatusCode(); // the stream then comes through Kestrel
        using var piped = await client.OpenStreamAsync();

        head.Should().StartWith("HTTP/1.1 200 OK").And.NotContain("Transfer-Encoding", "it came from its socket");
        piped.Headers.TransferEncodingChunked.Should().BeTrue("it came through the pipeline");
        var socketCors = head.Split("\r\n")
            .Where(l => l.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.OrdinalIgnoreCase);
        EventsCrossOrigin.Of(piped).Should().Equal(EventsCrossOrigin.Of(other), "one policy answers every GET");
        socketCors.Should().Equal(EventsCrossOrigin.Of(other));
        if (origin == ListedOriginsStationApp.App)
        {
            piped.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(origin);
        }
        else
        {
            piped.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        }
    }
}

internal static class EventsCrossOrigin
{
    /// <summary>A client whose every request carries <paramref name="origin"/>, as a page on that origin sends it.</summary>
    public static HttpClient From(Infrastructure.RadioApp app, string origin)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Origin", origin);
        return client;
    }

    /// <summary>What the CORS middleware answers <paramref name="origin"/> for another GET, on a connection of its own.</summary>
    public static async Task<HttpResponseMessage> GetNowPlayingAsync(Infrastructure.RadioApp app, string origin)
    {
        using var client = From(app, origin);
        return await client.GetAsync("/radio/now-playing");
    }

    /// <summary>The response's CORS headers as <c>name: value</c> lines, in order of name.</summary>
    public static IEnumerable<string> Of(HttpResponseMessage response) => response.Headers
        .Where(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase))
        .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")
        .Order(StringComparer.OrdinalIgnoreCase)
        .ToList();
}
