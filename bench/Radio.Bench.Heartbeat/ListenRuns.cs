using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Application.Station;
using Radio.Domain.Library;
using Radio.Domain.Listens;
using Radio.Infrastructure.Persistence;
using static Radio.Bench.Heartbeat.HeartbeatBench;

namespace Radio.Bench.Heartbeat;

/// <summary>
/// Issue 14's run: what deciding and storing listens costs a heartbeat. Off, the station has no song, so no heartbeat
/// falls on a play; on, a 20 s song plays over and over, so every listener's credit is attributed to plays and each
/// decides a listen every 20 s, stored by the totals' flush. Both twice, each on a fresh server, in one run.
/// </summary>
internal static class ListenRuns
{
    private const double SongSeconds = 20;

    public static async Task<int> CompareAsync(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var listeners = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 10_000;
        var seconds = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 30;
        var rates = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        using var meters = ListenToWrites();
        foreach (var listens in new[] { false, true, false, true })
        {
            await using var server = AbuseRuns.Start(null, out var address);
            var tokens = await SeedListenersAsync(server.Services, listeners);
            if (listens)
            {
                await PutSongOnAirAsync(server.Services);
            }

            var connectTime = TimeProvider.System.GetUtcNow();
            await RunHttpClientAsync(address, tokens, connectTime, 64, requests: listeners, durationSeconds: 600);
            var result = await RunHttpClientAsync(address, tokens, connectTime, 64, long.MaxValue, seconds);
            Report(listens ? "listens" : "no-lstn", 64, result, listeners);
            await Task.Delay(TimeSpan.FromSeconds(2)); // every flush tick stores the listens decided before it
            Console.WriteLine(Invariant($"         listens stored: {await CountListensAsync(server.Services)}"));
            rates[listens].Add(result.RequestsPerSecond);
        }

        Console.WriteLine(Invariant(
            $"with listens: {rates[true].Average() / rates[false].Average():P1} of the heartbeats/s without, second pair {rates[true][1] / rates[false][1]:P1} (the first warms up; target >= 90%)"));
        return 0;
    }

    /// <summary>A one-song library, rows only (the producer finds no audio: the stored schedule is what listens read).</summary>
    internal static async Task PutSongOnAirAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var now = TimeProvider.System.GetUtcNow();
        var uploader = await db.Users.OrderBy(u => u.Id).FirstAsync();
        var artist = Artist.Create("Bench Artist", now);
        db.Artists.Add(artist);
        await db.SaveChangesAsync();
        var song = Song.Create("Bench Song", [artist.Id], null, SongSeconds, $"bench-{Guid.NewGuid():N}.mp3", 1000, uploader.Id, now);
        song.MarkStationReady(null, SongSeconds);
        db.Songs.Add(song);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new KeepScheduleAhead());
    }

    private static async Task<int> CountListensAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Set<Listen>().CountAsync();
    }
}
