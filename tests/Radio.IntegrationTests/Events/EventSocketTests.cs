using System.Text.Json;
using Radio.IntegrationTests.Station;
using Serilog.Events;

namespace Radio.IntegrationTests.Events;

/// <summary>A station whose live events' request events are collected.</summary>
public sealed class LoggedEventsStationApp : StationApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Serilog:MinimumLevel:Override:Radio.Web.Events"] = "Information",
    };
}

/// <summary><c>/radio/events</c> served from its socket, as a browser's EventSource and proxies see the bytes.</summary>
public sealed class EventSocketTests(LoggedEventsStationApp app) : IClassFixture<LoggedEventsStationApp>
{
    [Fact]
    public async Task A_plain_request_gets_an_event_stream_ended_by_closing_that_starts_with_now_playing()
    {
        using var socket = await app.ConnectAsync();
        await socket.SendAsync("GET /radio/events HTTP/1.0\r\nHost: radio\r\nAccept: text/event-stream\r\n\r\n"u8.ToArray());

        var received = await socket.ReceiveUntilAsync("\n\n", after: "\r\n\r\n");

        var (head, body) = (received[..received.IndexOf("\r\n\r\n", StringComparison.Ordinal)], received[(received.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        head.Should().StartWith("HTTP/1.1 200 OK\r\n");
        head.Split("\r\n").Should().Contain(["Content-Type: text/event-stream", "Cache-Control: no-cache,no-store",
            "X-Content-Type-Options: nosniff", "Connection: close"]);
        head.Should().NotContain("Transfer-Encoding", "the body is the events themselves, ended by closing");
        var lines = body.Split('\n');
        lines[0].Should().Be("event: now-playing");
        lines[1].Should().StartWith("data: {");
        JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement.TryGetProperty("song", out _).Should().BeTrue();
        lines[2].Should().MatchRegex("^id: [0-9]+$");
        lines[3].Should().BeEmpty("an empty line ends the event");
    }

    [Fact]
    public async Task Both_paths_give_the_same_response_headers_apart_from_how_the_body_is_framed()
    {
        using var client = app.CreateClient();
        using var fromItsSocket = await client.OpenEventsAsync(EventsPath.Socket);
        using var throughThePipeline = await client.OpenEventsAsync(EventsPath.Pipeline);

        Headers(fromItsSocket).Should().BeEquivalentTo(Headers(throughThePipeline));
    }

    [Theory]
    [InlineData(EventsPath.Socket)]
    [InlineData(EventsPath.Pipeline)]
    public async Task An_events_connection_that_ends_is_logged_as_one_request_event(EventsPath path)
    {
        // an earlier test's events connections end (and are logged) up to ~2 s after it: start once 2.5 s passed without one
        var before = app.Logs.Events.Count(IsEventsRequest);
        for (var (quiet, waited) = (0, 0); quiet < 25 && waited < 150; waited++)
        {
            await Task.Delay(100);
            var now = app.Logs.Events.Count(IsEventsRequest);
            (quiet, before) = now == before ? (quiet + 1, before) : (0, now);
        }

        using (var client = app.CreateClient())
        {
            using var response = await client.OpenEventsAsync(path);
            using var events = await response.EventsAsync();
            (await events.NextAsync(TimeSpan.FromSeconds(2))).Should().NotBeNull();
        }

        for (var attempt = 0; attempt < 50 && app.Logs.Events.Count(IsEventsRequest) == before; attempt++)
        {
            await Task.Delay(100); // the event is written when the server notices the client has gone
        }

        var logged = app.Logs.Events.Where(IsEventsRequest).Skip(before).ToList();
        logged.Should().ContainSingle();
        logged[0].Properties["RequestMethod"].ToString().Should().Be("\"GET\"");
        logged[0].Properties["StatusCode"].ToString().Should().Be("200");
        logged[0].Properties.Should().ContainKey("Elapsed");
    }

    private static bool IsEventsRequest(LogEvent e) =>
        e.Properties.TryGetValue("RequestPath", out var path) && path.ToString() == "\"/radio/events\"";

    /// <summary>The headers, without those that say when, by whom and how the body is framed.</summary>
    private static Dictionary<string, string> Headers(HttpResponseMessage response) => response.Headers
        .Concat(response.Content.Headers)
        .Where(h => h.Key is not ("Date" or "Server" or "Connection" or "Transfer-Encoding"))
        .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(',', h.Value));
}
