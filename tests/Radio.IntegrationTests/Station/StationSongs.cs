using System.Net.Sockets;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Application.Library;
using Radio.Domain.Library;
using Radio.Domain.Station;
using Radio.Infrastructure.Persistence;
using Radio.Infrastructure.Station;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData;

namespace Radio.IntegrationTests.Station;

/// <summary>
/// Puts songs into a running server's library the way an upload does (row, file, then the SongAdded event) and its
/// rendition worker (station-ready, then the SongReadyForStation event), and
/// listens to its station.
/// </summary>
public static class StationSongs
{
    public const int BitrateKbps = 128;
    public const int BytesPerSecond = BitrateKbps * 1000 / 8;

    /// <summary>
    /// Appends what a second instance planning from the same stored entry would append: an entry whose sequence number
    /// is already taken, so the append loses the race. Returns whether it was appended.
    /// </summary>
    public static async Task<bool> AppendATakenScheduleEntryAsync(this RadioApp app, int songId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        ScheduleEntry? followed = null;
        // the station plans after SongAdded on its own time (a loaded machine read the schedule before it had two
        // entries); a replan leaves gaps where it dropped entries
        await Sound.WithoutFfmpegTests.WaitUntilAsync(async () =>
        {
            var written = await db.Set<ScheduleEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
            var taken = written.Select(e => e.Sequence).ToHashSet();
            return (followed = written.FirstOrDefault(e => taken.Contains(e.Sequence + 1))) is not null;
        });
        return await new StationSchedule(db).TryAppendAsync(followed!.Next(songId, followed.Round, 5, DateTimeOffset.UnixEpoch), default);
    }

    public static async Task<int> AddSongAsync(this RadioApp app, string title, double seconds, string artist = "Test Artist")
    {
        var bytes = Mp3Writer.Cbr(seconds, BitrateKbps);
        var duration = Mp3Writer.FramesFor(seconds) * 1152 / 44100.0;
        await using var scope = app.Services.CreateAsyncScope(); // starts the server, which creates the media folder
        var key = $"{Guid.NewGuid():N}.mp3";
        await File.WriteAllBytesAsync(Path.Combine(app.DataDirectory, "media", key), bytes);

        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var admin = await db.Users.SingleAsync(u => u.Username == RadioApp.AdminUsername);
        var performer = Artist.Create(artist, now);
        db.Artists.Add(performer);
        await db.SaveChangesAsync();
        var song = Song.Create(title, [performer.Id], null, duration, key, bytes.Length, admin.Id, now);
        song.MarkStationReady(null, duration); // already in the station's format: on the air as stored, as without ffmpeg
        db.Songs.Add(song);
        await db.SaveChangesAsync();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublisher>();
        await publisher.Publish(new SongAdded(song.Id));
        await publisher.Publish(new Radio.Application.Library.SongReadyForStation(song.Id)); // as the rendition worker does
        return song.Id;
    }

    /// <summary>Opens the live stream without reading it yet.</summary>
    public static Task<HttpResponseMessage> OpenStreamAsync(this HttpClient client, bool icy = false, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/radio/stream");
        if (icy)
        {
            request.Headers.Add("Icy-MetaData", "1");
        }

        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>A bare TCP connection to the server, for requests HttpClient would not send: late, in pieces, several at once.</summary>
    public static async Task<Socket> ConnectAsync(this RadioApp app)
    {
        using var client = app.CreateClient(); // starts the server and gives its address
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port);
        return socket;
    }

    /// <summary>
    /// What the server sends, as UTF-8, until <paramref name="expected"/> has arrived (past the first
    /// <paramref name="after"/>, when given), the connection ends or 10 s pass.
    /// </summary>
    public static async Task<string> ReceiveUntilAsync(this Socket socket, string expected, string? after = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            while (!Arrived(Encoding.UTF8.GetString([.. received])))
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (n == 0)
                {
                    break;
                }

                received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException)
        {
            // the caller's assertion on what did arrive says what was missing
        }

        return Encoding.UTF8.GetString([.. received]);

        bool Arrived(string text)
        {
            var start = after is null ? 0 : text.IndexOf(after, StringComparison.Ordinal);
            return start >= 0 && text.IndexOf(expected, start + (after?.Length ?? 0), StringComparison.Ordinal) >= 0;
        }
    }

    /// <summary>Reads until <paramref name="bytes"/> have arrived or <paramref name="timeout"/> passed.</summary>
    public static async Task<byte[]> ReadAtLeastAsync(this Stream stream, int bytes, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[bytes];
        var read = 0;
        try
        {
            while (read < bytes)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cts.Token);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }
        }
        catch (OperationCanceledException)
        {
            // timed out: return what arrived
        }

        return buffer[..read];
    }

    /// <summary>
    /// Asserts that audio arrives at real time (bytes/s within <paramref name="low"/>–<paramref name="high"/>) in one of
    /// up to three consecutive windows, each measured by <paramref name="window"/>: a stall of the loaded machine near a
    /// window's end delays that window's last read and puts the catch-up in the next one, while a stream that is not
    /// paced, or paced wrong, is off in every window (their rates are in the message).
    /// </summary>
    public static async Task ShouldArriveAtRealTimeAsync(Func<Task<double>> window, double low, double high)
    {
        var rates = new List<double>();
        while (rates.Count < 3 && (rates.Count == 0 || rates[^1] < low || rates[^1] > high))
        {
            rates.Add(await window());
        }

        rates[^1].Should().BeInRange(low, high, "audio is paced at real time (bytes/s in each window: {0})",
            string.Join(", ", rates.Select(r => r.ToString("F0", System.Globalization.CultureInfo.InvariantCulture))));
    }

    /// <summary>Reads for <paramref name="duration"/>, noting when each byte count arrived (time since the call).</summary>
    public static async Task<List<(TimeSpan At, long Total)>> ReadForAsync(this Stream stream, TimeSpan duration)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var arrivals = new List<(TimeSpan, long)>();
        var buffer = new byte[64 * 1024];
        long total = 0;
        while (clock.Elapsed < duration)
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            total += n;
            arrivals.Add((clock.Elapsed, total));
        }

        return arrivals;
    }

    /// <summary>Waits until the station is on the air (the schedule keeper and the producer have run).</summary>
    public static async Task WaitOnAirAsync(this RadioApp app)
    {
        var broadcast = app.Services.GetRequiredService<Radio.Domain.Station.Broadcast>();
        for (var i = 0; i < 100 && !broadcast.OnAir; i++)
        {
            await Task.Delay(50);
        }

        broadcast.OnAir.Should().BeTrue("songs were added, so the station must go on air");
    }
}
