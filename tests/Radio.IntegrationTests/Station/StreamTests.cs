using System.Net;
using System.Text;
using Radio.Infrastructure.Media;
using Serilog.Events;

namespace Radio.IntegrationTests.Station;

/// <summary>The live stream as listeners receive it, on both of its paths.</summary>
public sealed class StreamTests(StationApp app) : IClassFixture<StationApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_stream_is_audio_mpeg_and_starts_on_a_valid_frame()
    {
        using var response = await app.CreateClient().OpenStreamAsync();
        await using var body = await response.Content.ReadAsStreamAsync();
        var bytes = await body.ReadAtLeastAsync(4096, Timeout);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("audio/mpeg");
        response.Headers.GetValues("icy-br").Should().Equal("128");
        Mp3Frames.TryReadHeader(bytes, out var first).Should().BeTrue("a player must be able to sync on the first byte");
        Mp3Frames.TryReadHeader(bytes.AsSpan(first.FrameLength), out _).Should().BeTrue("the next frame follows the first");
    }

    [Fact]
    public async Task A_new_connection_for_the_stream_is_served_from_its_socket_outside_the_http_pipeline()
    {
        using var response = await app.CreateClient().OpenStreamAsync(icy: true);
        await using var body = await response.Content.ReadAsStreamAsync();
        var bytes = await body.ReadAtLeastAsync(4096, Timeout);

        // the socket path ends the body by closing; Kestrel would keep the connection and chunk the body
        response.Headers.ConnectionClose.Should().BeTrue();
        response.Headers.TransferEncodingChunked.Should().NotBe(true);
        response.Headers.GetValues("icy-metaint").Should().Equal("16000");
        response.Headers.GetValues("icy-name").Should().Equal("Radio");
        Mp3Frames.TryReadHeader(bytes, out _).Should().BeTrue();
    }

    [Fact]
    public async Task Listeners_joining_a_second_apart_each_get_the_current_date()
    {
        var first = await DateOfNewStreamAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var second = await DateOfNewStreamAsync();

        // the socket path shares one response head between the listeners who join within the same second
        second.Should().BeAfter(first);
        second.Should().BeCloseTo(TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(2));

        async Task<DateTimeOffset> DateOfNewStreamAsync()
        {
            using var response = await app.CreateClient().OpenStreamAsync();
            response.Headers.ConnectionClose.Should().BeTrue("a new connection is served from its socket");
            return response.Headers.Date!.Value;
        }
    }

    [Fact]
    public async Task A_stream_request_sent_a_moment_after_connecting_is_still_served_from_the_socket()
    {
        using var socket = await app.ConnectAsync();
        await Task.Delay(1500); // on Linux the kernel accepts a silent connection after 1 s; the transport then waits 1 s
        await socket.SendAsync("GET /radio/stream HTTP/1.1\r\nHost: radio\r\n\r\n"u8.ToArray());

        var received = await socket.ReceiveUntilAsync("audio/mpeg");

        received.Should().StartWith("HTTP/1.1 200 OK").And.Contain("audio/mpeg");
        if (OperatingSystem.IsLinux())
        {
            received.Should().Contain("Connection: close", "the request came while the transport waited for it");
        }
    }

    [Fact]
    public async Task A_request_sent_after_the_transport_stopped_waiting_is_answered_by_kestrel()
    {
        using var socket = await app.ConnectAsync();
        await Task.Delay(3000);
        await socket.SendAsync("GET /health/live HTTP/1.1\r\nHost: radio\r\n\r\n"u8.ToArray());

        (await socket.ReceiveUntilAsync("Healthy")).Should().StartWith("HTTP/1.1 200 OK").And.Contain("Healthy");
    }

    [Fact]
    public async Task A_stream_request_that_arrives_in_pieces_is_answered()
    {
        using var socket = await app.ConnectAsync();
        await socket.SendAsync("GET /radio/stream HTTP/1.1\r\nHo"u8.ToArray());
        await Task.Delay(300);
        await socket.SendAsync("st: radio\r\n\r\n"u8.ToArray());

        (await socket.ReceiveUntilAsync("audio/mpeg")).Should().StartWith("HTTP/1.1 200 OK").And.Contain("audio/mpeg");
    }

    [Fact]
    public async Task A_stream_asked_for_on_a_kept_alive_connection_is_served_by_the_http_pipeline()
    {
        using var client = app.CreateClient();
        (await client.GetAsync("/health/live")).EnsureSuccessStatusCode(); // the connection the stream then reuses

        using var response = await client.OpenStreamAsync(icy: true);
        await using var body = await response.Content.ReadAsStreamAsync();
        var bytes = await body.ReadAtLeastAsync(StationSongs.BytesPerSecond * 2, Timeout);

        response.Headers.TransferEncodingChunked.Should().BeTrue("the connection had served a request before: Kestrel owns it");
        response.Content.Headers.ContentType!.MediaType.Should().Be("audio/mpeg");
        response.Headers.GetValues("icy-metaint").Should().Equal("16000");
        Mp3Frames.TryReadHeader(bytes, out _).Should().BeTrue();
        bytes.Length.Should().Be(StationSongs.BytesPerSecond * 2, "the burst and live audio flow as on a fresh connection");
    }

    [Fact]
    public async Task A_stream_that_ends_is_logged_as_one_request_event()
    {
        using (var response = await app.CreateClient().OpenStreamAsync())
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.ReadAtLeastAsync(4096, Timeout);
        }

        for (var attempt = 0; attempt < 50 && !app.Logs.Events.Any(IsStreamEvent); attempt++)
        {
            await Task.Delay(100); // the event is written when the server notices the listener has gone
        }

        var logged = app.Logs.Events.Where(IsStreamEvent).ToList();
        logged.Should().NotBeEmpty();
        logged[0].Properties["RequestMethod"].ToString().Should().Be("\"GET\"");
        logged[0].Properties["StatusCode"].ToString().Should().Be("200");
        logged[0].Properties.Should().ContainKey("Elapsed");
    }

    private static bool IsStreamEvent(LogEvent e) =>
        e.Properties.TryGetValue("RequestPath", out var path) && path.ToString() == "\"/radio/stream\"";

    [Fact]
    public async Task Two_listeners_receive_the_same_bytes_at_the_same_time()
    {
        var client = app.CreateClient();
        var reads = await Task.WhenAll(ListenAsync(client), ListenAsync(client));
        var (a, b) = (reads[0], reads[1]);

        // both joined live within moments of each other: one stream is the other shifted by at most a chunk or two
        var shift = IndexOf(a, b.AsSpan(0, 512));
        var (first, second, offset) = shift >= 0 ? (a, b, shift) : (b, a, IndexOf(b, a.AsSpan(0, 512)));
        offset.Should().BeInRange(0, StationSongs.BytesPerSecond / 2, "both listeners hear the same moment of the same song");
        var common = Math.Min(first.Length - offset, second.Length);
        common.Should().BeGreaterThan(StationSongs.BytesPerSecond * 2);
        second.AsSpan(0, common).SequenceEqual(first.AsSpan(offset, common)).Should().BeTrue();

        static async Task<byte[]> ListenAsync(HttpClient client)
        {
            using var response = await client.OpenStreamAsync();
            await using var body = await response.Content.ReadAsStreamAsync();
            return await body.ReadAtLeastAsync(StationSongs.BytesPerSecond * 3, Timeout);
        }
    }

    [Fact]
    public async Task After_the_burst_audio_arrives_at_real_time()
    {
        using var response = await app.CreateClient().OpenStreamAsync();
        await using var body = await response.Content.ReadAsStreamAsync();

        var arrivals = await body.ReadForAsync(TimeSpan.FromSeconds(3));

        var burst = arrivals.Where(a => a.At < TimeSpan.FromSeconds(0.3)).Select(a => a.Total).DefaultIfEmpty().Max();
        burst.Should().BeGreaterThanOrEqualTo(StationSongs.BytesPerSecond * 3 / 2, "a new listener gets about 2 s at once");

        // from 1 s on the burst is long delivered: what arrives after that is live
        var (fromAt, fromTotal) = arrivals.First(a => a.At >= TimeSpan.FromSeconds(1));
        var (toAt, toTotal) = arrivals[^1];
        var first = (toTotal - fromTotal) / (toAt - fromAt).TotalSeconds;
        var windows = 0;
        await StationSongs.ShouldArriveAtRealTimeAsync(
            async () =>
            {
                if (windows++ == 0)
                {
                    return first;
                }

                var more = await body.ReadForAsync(TimeSpan.FromSeconds(2));
                // one read blocking the whole window is a stalled window: slow, not a division by zero
                return more.Count < 2 ? 0 : (more[^1].Total - more[0].Total) / (more[^1].At - more[0].At).TotalSeconds;
            },
            StationSongs.BytesPerSecond * 0.75, StationSongs.BytesPerSecond * 1.25);
    }

    [Fact]
    public async Task With_icy_metadata_a_title_block_follows_every_16000_audio_bytes()
    {
        using var response = await app.CreateClient().OpenStreamAsync(icy: true);
        await using var body = await response.Content.ReadAsStreamAsync();
        var bytes = await body.ReadAtLeastAsync(16000 + 1 + 64, Timeout);

        response.Headers.GetValues("icy-metaint").Should().Equal("16000");
        response.Headers.GetValues("icy-name").Should().Equal("Radio");
        var units = bytes[16000];
        var block = bytes.AsSpan(16001, units * 16).ToArray();
        var text = Encoding.UTF8.GetString(block).TrimEnd('\0');
        text.Should().MatchRegex("^StreamTitle='Test Artist - Song [AB]';$");
        units.Should().Be((byte)(Encoding.UTF8.GetByteCount(text) / 16 + 1), "Icecast always leaves a terminating zero");
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
