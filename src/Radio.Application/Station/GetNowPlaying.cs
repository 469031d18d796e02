using Mediator;
using Radio.Domain.Library;
using Radio.Domain.Listening;
using Radio.Domain.Station;

namespace Radio.Application.Station;

/// <summary>What the station plays now, how far in, how many listen, and what comes next.</summary>
public sealed record GetNowPlaying : IQuery<NowPlayingResult>;

/// <summary><see cref="Song"/> is null when nothing plays (an empty library).</summary>
public sealed record NowPlayingResult(
    SongView? Song, DateTimeOffset? StartedAt, double PositionSeconds, int Listeners, IReadOnlyList<SongView> Next);

public sealed class GetNowPlayingHandler(
    IStationSchedule schedule, ISongCatalog catalog, IListeningSessions sessions, TimeProvider clock)
    : IQueryHandler<GetNowPlaying, NowPlayingResult>
{
    public const int NextCount = 3;

    public async ValueTask<NowPlayingResult> Handle(GetNowPlaying query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var upcoming = await schedule.UpcomingAsync(now, cancellationToken);
        var views = await catalog.ViewsAsync([.. upcoming.Select(e => e.SongId).Distinct()], cancellationToken);

        // entries whose song was deleted a moment ago are skipped here too, before the schedule is repaired
        var playable = upcoming.Where(e => views.ContainsKey(e.SongId)).ToList();
        var current = playable.FirstOrDefault(e => e.IsPlayingAt(now));
        var listeners = await sessions.CountLiveAsync(now, cancellationToken);
        var next = playable.Where(e => e.StartsAt > now).Take(NextCount).Select(e => views[e.SongId]).ToList();
        return current is null
            ? new NowPlayingResult(null, null, 0, listeners, next)
            : new NowPlayingResult(
                views[current.SongId], current.StartsAt, current.PositionAt(now).TotalSeconds, listeners, next);
    }
}
