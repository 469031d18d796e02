using Mediator;
using Microsoft.Extensions.Logging;
using Radio.Domain.Station;

namespace Radio.Application.Station;

/// <summary>
/// Brings the stored programme up to date: repairs it after deleted songs, then appends entries until it reaches
/// <see cref="StationSettings.SongsAhead"/> songs and <see cref="StationSettings.TimeAhead"/> ahead. Every instance
/// runs it periodically; the unique sequence number decides who appends, the loser reloads.
/// </summary>
/// <param name="Replan">Draw the entries that start after the next few seconds again (a song was added).</param>
public sealed record KeepScheduleAhead(bool Replan = false) : ICommand<ProgrammeResult>
{
    /// <summary>Entries starting this soon are kept even when replanning: the producer may be opening them.</summary>
    public static readonly TimeSpan ReplanMargin = TimeSpan.FromSeconds(2);
}

/// <summary>What was done: entries appended, entries dropped because their song was deleted.</summary>
public sealed record ProgrammeResult(int Appended, int Dropped);

public sealed partial class KeepScheduleAheadHandler(
    IStationSchedule schedule, StationSettings settings, Random random, TimeProvider clock,
    ILogger<KeepScheduleAheadHandler> logger)
    : ICommandHandler<KeepScheduleAhead, ProgrammeResult>
{
    private const int Attempts = 5;

    public async ValueTask<ProgrammeResult> Handle(KeepScheduleAhead command, CancellationToken cancellationToken)
    {
        var library = await schedule.LibraryAsync(cancellationToken);
        var songIds = library.Keys.ToHashSet();
        var now = clock.GetUtcNow();
        var dropped = await ReconcileAsync(songIds, now, command.Replan ? now + KeepScheduleAhead.ReplanMargin : null, cancellationToken);
        if (library.Count == 0)
        {
            return new ProgrammeResult(0, dropped);
        }

        var appended = 0;
        var last = await schedule.LastAsync(cancellationToken);
        var upcoming = await schedule.UpcomingAsync(now, cancellationToken);
        var ahead = upcoming.Count(e => e.StartsAt > now);
        for (var conflicts = 0; ahead < settings.SongsAhead || last is null || last.EndsAt < now + settings.TimeAhead;)
        {
            var played = last is null ? new HashSet<int>() : await schedule.SongsInRoundAsync(last.Round, cancellationToken);
            var (songId, round) = Programme.NextSong(songIds, last, played, random);
            var entry = last is null
                ? ScheduleEntry.First(songId, library[songId], now)
                : last.Next(songId, round, library[songId], now);
            if (await schedule.TryAppendAsync(entry, cancellationToken))
            {
                appended++;
                ahead += entry.StartsAt > now ? 1 : 0;
                last = entry;
                continue;
            }

            // another instance appended this sequence number first: continue from what it stored
            if (++conflicts >= Attempts)
            {
                LogContended(logger);
                break;
            }

            last = await schedule.LastAsync(cancellationToken);
            ahead = (await schedule.UpcomingAsync(now, cancellationToken)).Count(e => e.StartsAt > now);
        }

        return new ProgrammeResult(appended, dropped);
    }

    private async Task<int> ReconcileAsync(
        IReadOnlySet<int> songIds, DateTimeOffset now, DateTimeOffset? replanAfter, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var upcoming = await schedule.UpcomingAsync(now, cancellationToken);
            var dropped = Programme.Reconcile(upcoming, songIds, now, replanAfter);
            if (await schedule.SaveAsync(dropped, cancellationToken))
            {
                if (dropped.Count > 0)
                {
                    LogDropped(logger, dropped.Count);
                }

                return dropped.Count;
            }
        }

        LogContended(logger);
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} scheduled entries (deleted songs or a replan)")]
    private static partial void LogDropped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The schedule kept changing under this instance; trying again on the next tick")]
    private static partial void LogContended(ILogger logger);
}

/// <summary>New songs join the current round, deleted ones leave the schedule, at once rather than on the next tick.</summary>
public sealed class ProgrammeFollowsLibrary(ISender sender)
    : INotificationHandler<Library.SongAdded>, INotificationHandler<Library.SongRemoved>
{
    public async ValueTask Handle(Library.SongAdded notification, CancellationToken cancellationToken) =>
        await sender.Send(new KeepScheduleAhead(Replan: true), cancellationToken);

    public async ValueTask Handle(Library.SongRemoved notification, CancellationToken cancellationToken) =>
        await sender.Send(new KeepScheduleAhead(), cancellationToken);
}
