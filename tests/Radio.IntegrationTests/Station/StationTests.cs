using System.Net.Http.Json;
using System.Net;
using System.Text;
using System.Text.Json;
using Radio.Infrastructure.Media;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Operations;
using Serilog.Core;
using Serilog.Events;

namespace Radio.IntegrationTests.Station;

/// <summary>
/// A server whose library holds two short songs, on the air before the tests start, on real Kestrel and loopback TCP:
/// stream listeners are served from their sockets by the station's own transport, which the in-memory test server skips.
/// </summary>
public class StationApp : RadioApp, IAsyncLifetime
{
    public StationApp() => UseKestrel(0);

    /// <summary>The stream path writes its own request event; collect that source's events.</summary>
    public LogCollector Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Station:ScheduleIntervalSeconds"] = "0.5",
        ["Radio:Station:ScheduleAheadSeconds"] = "30",
        ["Serilog:MinimumLevel:Override:Radio.Web.Station"] = "Information",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(Logs));
    }

    public async Task InitializeAsync()
    {
        await this.AddSongAsync("Song A", 4);
        await this.AddSongAsync("Song B", 4);
        await this.WaitOnAirAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // a full burst for the first listener
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public sealed class StationTests(StationApp app) : IClassFixture<StationApp>
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
        var rate = (toTotal - fromTotal) / (toAt - fromAt).TotalSeconds;
        rate.Should().BeInRange(StationSongs.BytesPerSecond * 0.75, StationSongs.BytesPerSecond * 1.25);
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

    [Fact]
    public async Task Now_playing_names_the_song_its_position_and_the_next_songs()
    {
        var response = await app.CreateClient().GetAsync("/radio/now-playing");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        root.GetProperty("song").GetProperty("title").GetString().Should().StartWith("Song ");
        root.GetProperty("song").GetProperty("artist_names").GetString().Should().Be("Test Artist");
        root.GetProperty("started_at").GetString().Should().EndWith("Z");
        root.GetProperty("position_seconds").GetDouble().Should().BeInRange(0, 4.1);
        root.GetProperty("listeners").GetInt32().Should().Be(0);
        var next = root.GetProperty("next");
        next.GetArrayLength().Should().BeGreaterThan(0);
        next[0].GetProperty("title").GetString().Should().NotBe(root.GetProperty("song").GetProperty("title").GetString(),
            "the station never repeats the song just played");
    }

    [Fact]
    public async Task History_lists_the_songs_played_newest_first()
    {
        var response = await app.CreateClient().GetAsync("/radio/history?limit=5");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var played = json.RootElement.EnumerateArray().ToList();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        played.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(5);
        played.Select(p => p.GetProperty("started_at").GetDateTimeOffset()).Should().BeInDescendingOrder();
        played[0].GetProperty("title").GetString().Should().StartWith("Song ");
    }

    [Fact]
    public async Task Now_playing_and_history_songs_are_full_song_objects()
    {
        using var nowPlaying = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/radio/now-playing"));
        using var history = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/radio/history"));

        nowPlaying.RootElement.GetProperty("song").ShouldBeSongObject(withAlbum: false);
        nowPlaying.RootElement.GetProperty("next").EnumerateArray().Should().NotBeEmpty()
            .And.AllSatisfy(song => song.ShouldBeSongObject(withAlbum: false));
        history.RootElement.EnumerateArray().Should().NotBeEmpty()
            .And.AllSatisfy(song => song.ShouldBeSongObject(withAlbum: false));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("ten")]
    public async Task A_history_limit_out_of_range_is_a_400_problem(string limit)
    {
        var response = await app.CreateClient().GetAsync($"/radio/history?limit={limit}");

        await response.ShouldBeProblemAsync(400);
    }

    [Fact]
    public async Task History_pages_with_offset_and_rejects_a_negative_one()
    {
        var client = app.CreateClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var played = JsonDocument.Parse(await client.GetStringAsync("/radio/history?limit=3"));
            if (played.RootElement.GetArrayLength() >= 3)
            {
                break;
            }

            await Task.Delay(100); // the songs are 4 s long: wait for a third to start
        }

        using var shifted = JsonDocument.Parse(await client.GetStringAsync("/radio/history?limit=2&offset=1"));
        using var all = JsonDocument.Parse(await client.GetStringAsync("/radio/history?limit=10"));

        var page = shifted.RootElement.EnumerateArray().Select(p => p.GetProperty("started_at").GetString()).ToList();
        var newestFirst = all.RootElement.EnumerateArray().Select(p => p.GetProperty("started_at").GetString()).ToList();
        page.Should().HaveCount(2);
        // a song may have started between the two requests, which moves the page one further down
        var at = newestFirst.IndexOf(page[0]);
        at.Should().BeGreaterThanOrEqualTo(1, "offset skips the newest entry");
        newestFirst.Skip(at).Take(2).Should().Equal(page);
        (await (await client.GetAsync("/radio/history?offset=-1")).ShouldBeProblemAsync(400)).Errors.Should().ContainKey("offset");
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}

/// <summary>An empty library on real Kestrel, behind the station's transport.</summary>
public sealed class KestrelRadioApp : RadioApp
{
    public KestrelRadioApp() => UseKestrel(0);

    /// <summary>The stream writes its own request event; collect that source's events.</summary>
    public LogCollector Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Serilog:MinimumLevel:Override:Radio.Web.Station"] = "Information",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(Logs));
    }
}

public sealed class EmptyStationOverKestrelTests(KestrelRadioApp app) : IClassFixture<KestrelRadioApp>
{
    [Fact]
    public async Task With_an_empty_library_the_stream_is_a_503_problem_from_the_pipeline_behind_the_transport()
    {
        var response = await app.CreateClient().GetAsync("/radio/stream");

        var problem = await response.ShouldBeProblemAsync(503);
        problem.Title.Should().Be("Service unavailable");
        problem.Detail.Should().Be("The station is off the air: the library has no songs yet.");
        response.Headers.CacheControl!.NoStore.Should().BeTrue("an answer that changes with the library is not cached");
    }

    [Fact]
    public async Task The_off_air_503_is_logged_as_one_request_event()
    {
        (await app.CreateClient().GetAsync("/radio/stream")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        for (var attempt = 0; attempt < 50 && !app.Logs.Events.Any(IsOffAirEvent); attempt++)
        {
            await Task.Delay(100); // the event is written as the response completes, which may be just after the client has it
        }

        var logged = app.Logs.Events.First(IsOffAirEvent);
        logged.Properties["RequestMethod"].ToString().Should().Be("\"GET\"");
        logged.Properties.Should().ContainKey("Elapsed");

        static bool IsOffAirEvent(LogEvent e) =>
            e.Properties.TryGetValue("RequestPath", out var path) && path.ToString() == "\"/radio/stream\""
            && e.Properties["StatusCode"].ToString() == "503";
    }

    [Fact]
    public async Task The_openapi_document_describes_the_stream_and_its_503_problem()
    {
        using var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));

        var get = document.RootElement.GetProperty("paths").GetProperty("/radio/stream").GetProperty("get");
        get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("audio/mpeg", out _).Should().BeTrue();
        get.GetProperty("responses").GetProperty("503").GetProperty("content").GetProperty("application/problem+json")
            .GetProperty("schema").GetProperty("$ref").GetString().Should().EndWith("/ProblemDetails");
        get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Contain("Icy-MetaData");
        get.GetProperty("summary").GetString().Should().Contain("audio/mpeg");
    }

    [Fact]
    public async Task Other_requests_pass_through_the_transport_untouched()
    {
        using var client = app.CreateClient();
        var anonymous = await client.PostAsync("/auth/anonymous", null);
        var missing = await client.GetAsync("/songs/999");

        anonymous.StatusCode.Should().Be(HttpStatusCode.OK);
        await missing.ShouldBeProblemAsync(404);
    }
}

/// <summary>The empty library's stream 503 is tested through the real transport, above.</summary>
public sealed class EmptyStationTests(RadioApp app) : IClassFixture<RadioApp>
{
    [Fact]
    public async Task With_an_empty_library_nothing_is_playing()
    {
        var response = await app.CreateClient().GetAsync("/radio/now-playing");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        json.RootElement.GetProperty("song").ValueKind.Should().Be(JsonValueKind.Null);
        json.RootElement.GetProperty("next").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Listeners_counts_the_live_listening_sessions()
    {
        var client = app.CreateClient();
        var anonymous = (await (await client.PostAsync("/auth/anonymous", null)).ReadAsync<Radio.Web.Accounts.AnonymousResponse>())!;
        var beat = await app.CreateClient(anonymous.Token).PostAsJsonAsync(
            "/api/heartbeat", new { connect_time = TimeProvider.System.GetUtcNow(), played_seconds = 5 }, Api.Json);
        beat.StatusCode.Should().Be(HttpStatusCode.OK);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/radio/now-playing"));

        json.RootElement.GetProperty("listeners").GetInt32().Should().Be(1);
    }
}
