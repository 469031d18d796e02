using System.Diagnostics;
using System.Net.Sockets;
using Serilog.Events;

namespace Radio.IntegrationTests.Station;

/// <summary>A station that keeps 1 s of burst and 1 s of lag, so a stuck listener falls out of it soon.</summary>
public sealed class ShortLagStationApp : StationApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:Station:BurstSeconds"] = "1",
        ["Radio:Station:MaxLagSeconds"] = "1",
    };
}

public sealed class StuckListenerTests(ShortLagStationApp app) : IClassFixture<ShortLagStationApp>
{
    [Fact]
    public async Task A_listener_that_stops_reading_is_dropped_and_the_others_play_on()
    {
        using var client = app.CreateClient();
        using var stuck = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stuck.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port);
        await stuck.SendAsync("GET /radio/stream HTTP/1.1\r\nHost: radio\r\n\r\n"u8.ToArray());
        using var playing = await client.OpenStreamAsync();
        await using var body = await playing.Content.ReadAsStreamAsync();
        var started = Stopwatch.StartNew();

        // the stuck client reads nothing: once the socket buffers are full, it falls behind the ring and is dropped,
        // which ends its request (the only stream request to end here) with its event
        var played = 0L;
        var buffer = new byte[16 * 1024];
        while (!app.Logs.Events.Any(IsStreamEvent) && started.Elapsed < TimeSpan.FromSeconds(30))
        {
            played += await body.ReadAsync(buffer);
        }

        app.Logs.Events.Count(IsStreamEvent).Should().Be(1, "the stuck listener was dropped and the one that reads is still served");
        played.Should().BeGreaterThan((long)(StationSongs.BytesPerSecond * (started.Elapsed.TotalSeconds - 2)),
            "nobody waited for the stuck listener");
        (await ReadsToTheEndAsync(stuck)).Should().BeTrue("the server closed the stuck connection");
        (await body.ReadAtLeastAsync(StationSongs.BytesPerSecond, TimeSpan.FromSeconds(3))).Should()
            .HaveCount(StationSongs.BytesPerSecond, "the listener that reads plays on");
    }

    private static bool IsStreamEvent(LogEvent e) =>
        e.Properties.TryGetValue("RequestPath", out var path) && path.ToString() == "\"/radio/stream\"";

    /// <summary>Whether reading what is left ends (closed or reset) instead of receiving a live stream.</summary>
    private static async Task<bool> ReadsToTheEndAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true; // reset
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
