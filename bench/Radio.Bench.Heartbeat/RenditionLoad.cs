using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Accounts;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;

namespace Radio.Bench.Heartbeat;

/// <summary>
/// Songs waiting for their station rendition, so heartbeats can be measured while ffmpeg renders: one three-minute
/// 48 kHz song (made once with ffmpeg) stored under <c>count</c> keys, as that many uploads would leave it.
/// </summary>
internal static class RenditionLoad
{
    /// <summary>The CPU the bench's own ffmpeg took to make the song, so it is not counted as rendering.</summary>
    public static double GeneratorCpuSeconds { get; private set; }

    public static async Task AddSongsAsync(IServiceProvider services, string dataDirectory, int count)
    {
        var song = Path.Combine(dataDirectory, "bench-song.mp3");
        var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg")
        {
            ArgumentList =
            {
                "-hide_banner", "-loglevel", "error", "-nostdin", "-f", "lavfi", "-i", "sine=frequency=440:duration=180:sample_rate=48000",
                "-f", "lavfi", "-i", "anoisesrc=d=180:c=pink:a=0.05:r=48000", "-filter_complex", "amix=inputs=2", "-ac", "2",
                "-c:a", "libmp3lame", "-b:a", "192k", "-y", song,
            },
        })!;
        var before = ChildrenCpuSeconds();
        await ffmpeg.WaitForExitAsync();
        GeneratorCpuSeconds = ChildrenCpuSeconds() - before;
        var bytes = await File.ReadAllBytesAsync(song);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var now = TimeProvider.System.GetUtcNow();
        var uploader = User.CreateAdmin("bench-uploader", now);
        uploader.SetPasswordHash("not-a-real-hash");
        var artist = Artist.Create("Bench Artist", now);
        db.AddRange(uploader, artist);
        await db.SaveChangesAsync();
        for (var i = 0; i < count; i++)
        {
            var key = $"{Guid.NewGuid():N}.mp3";
            await File.WriteAllBytesAsync(Path.Combine(dataDirectory, "media", key), bytes);
            db.Songs.Add(Song.Create($"Bench song {i}", [artist.Id], null, 180, key, bytes.Length, uploader.Id, now));
        }

        await db.SaveChangesAsync();
    }

    /// <summary>How many songs are in each rendition state, as "waiting 18, working 1, ready 1".</summary>
    public static async Task<string> StatesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var states = await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Songs
            .GroupBy(s => s.RenditionState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        return string.Join(", ", Enum.GetValues<RenditionState>().Select(
            state => $"{state.ToString().ToLowerInvariant()} {states.FirstOrDefault(s => s.Key == state)?.Count ?? 0}"));
    }

    /// <summary>
    /// CPU seconds (user + system) of this process's finished children, that is of every ffmpeg the worker ran and
    /// waited for: <c>cutime</c> and <c>cstime</c> of <c>/proc/self/stat</c>, in the kernel's 100 ticks a second.
    /// </summary>
    public static double ChildrenCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from the third (state) on
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
    }
}
