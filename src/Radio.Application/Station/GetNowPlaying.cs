using Mediator;
using Radio.Domain.Library;
using Radio.Domain.Listening;
using Radio.Domain.Station;

namespace Radio.Application.Station;

/// <summary>What the station plays now, how far in, how many listen, and what comes next.</summary>
public sealed record GetNowPlaying : IQuery<NowPlayingResult>;

/// <summary>
/// <see cref="Song"/> is null when nothing plays (an empty library); <see cref="RequestedBy"/> is the username of the
/// listener who requested the song playing, else null.
/// </summary>
public sealed record NowPlayingResult(
    SongView? Song, DateTimeOffset? StartedAt, double PositionSeconds, int Listeners, IReadOnlyList<SongView> Next,
    string? RequestedBy = null);

public sealed class GetNowPlayingHandler(
    IStationSchedule schedule, ISongCatalog catalog, ISongRequests requests, IListeningSessions sessions, TimeProvider clock)
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
        if (current is null)
        {
            return new NowPlayingResult(null, null, 0, listeners, next);
        }

        var requestedBy = current.RequestId is { } requestId
            ? (await requests.RequestersAsync([requestId], cancellationToken)).GetValueOrDefault(requestId)
            : null;
        return new NowPlayingResult(
            views[current.SongId], current.StartsAt, current.PositionAt(now).TotalSeconds, listeners, next, requestedBy);
    }
}
