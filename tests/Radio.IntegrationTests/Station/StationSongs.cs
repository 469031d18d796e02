using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Application.Library;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData;

namespace Radio.IntegrationTests.Station;

/// <summary>Puts songs into a running server's library the way an upload does: row, file, then the SongAdded event.</summary>
public static class StationSongs
{
    public const int BitrateKbps = 128;
    public const int BytesPerSecond = BitrateKbps * 1000 / 8;

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
        db.Songs.Add(song);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(new SongAdded(song.Id));
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
