using System.Text.Json;
using Radio.IntegrationTests.Station;

namespace Radio.IntegrationTests.Events;

/// <summary><c>/radio/events</c> served from its socket, as a browser's EventSource and proxies see the bytes.</summary>
public sealed class EventSocketTests(StationApp app) : IClassFixture<StationApp>
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

    /// <summary>The headers, without those that say when, by whom and how the body is framed.</summary>
    private static Dictionary<string, string> Headers(HttpResponseMessage response) => response.Headers
        .Concat(response.Content.Headers)
        .Where(h => h.Key is not ("Date" or "Server" or "Connection" or "Transfer-Encoding"))
        .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(',', h.Value));
}
