using Mediator;
using Microsoft.Extensions.Logging;
using Radio.Domain.Station;

namespace Radio.Application.Station;

/// <summary>
/// Brings the stored programme up to date: repairs it after deleted songs, then appends entries until it reaches
/// <see cref="StationOptions.SongsAhead"/> songs and <see cref="StationOptions.ScheduleAhead"/> ahead. Every instance
/// runs it every few seconds, so it reads the whole library only when it has a song to draw; the unique sequence
/// number decides who appends, the loser reloads.
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
    IStationSchedule schedule, StationOptions settings, Random random, TimeProvider clock,
    ILogger<KeepScheduleAheadHandler> logger)
    : ICommandHandler<KeepScheduleAhead, ProgrammeResult>
{
    private const int Attempts = 5;

    public async ValueTask<ProgrammeResult> Handle(KeepScheduleAhead command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (dropped, ahead, last) = await ReconcileAsync(now, command.Replan ? now + KeepScheduleAhead.ReplanMargin : null, cancellationToken);
        if (FarEnough(last, ahead, now))
        {
            return new ProgrammeResult(0, dropped); // what nearly every run finds: nothing to draw, the library unread
        }

        var library = await schedule.LibraryAsync(cancellationToken);
        if (library.Count == 0)
        {
            return new ProgrammeResult(0, dropped);
        }

        var songIds = library.Keys.ToHashSet();
        var appended = 0;
        for (var conflicts = 0; !FarEnough(last, ahead, now);)
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

            (last, ahead) = await StoredAsync(now, cancellationToken);
        }

        return new ProgrammeResult(appended, dropped);
    }

    private bool FarEnough(ScheduleEntry? last, int ahead, DateTimeOffset now) =>
        ahead >= settings.SongsAhead && last is not null && last.EndsAt >= now + settings.ScheduleAhead;

    /// <summary>
    /// The stored last entry, then the songs stored ahead. In that order: an entry another instance appends after the
    /// first read takes the sequence number this one would append next, so the append loses and both are read again;
    /// read the other way round, this instance would count what is ahead without that entry and append after it too.
    /// </summary>
    private async Task<(ScheduleEntry? Last, int Ahead)> StoredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var last = await schedule.LastAsync(cancellationToken);
        return (last, (await schedule.UpcomingAsync(now, cancellationToken)).Count(e => e.StartsAt > now));
    }

    /// <summary>
    /// Repairs the entries from now on; returns how many it dropped, the songs then ahead and the last entry as stored
    /// (read in <see cref="StoredAsync"/>'s order).
    /// </summary>
    private async Task<(int Dropped, int Ahead, ScheduleEntry? Last)> ReconcileAsync(
        DateTimeOffset now, DateTimeOffset? replanAfter, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var last = await schedule.LastAsync(cancellationToken);
            var upcoming = await schedule.UpcomingAsync(now, cancellationToken);
            var remaining = await schedule.StillInLibraryAsync([.. upcoming.Select(e => e.SongId).Distinct()], cancellationToken);
            var dropped = Programme.Reconcile(upcoming, remaining, now, replanAfter);
            if (await schedule.SaveAsync(dropped, cancellationToken))
            {
                if (dropped.Count > 0)
                {
                    LogDropped(logger, dropped.Count);
                }

                if (last is not null && dropped.Any(e => e.Sequence == last.Sequence))
                {
                    var (stored, ahead) = await StoredAsync(now, cancellationToken);
                    return (dropped.Count, ahead, stored);
                }

                // as stored now: the last entry as the repair may have moved it
                return (dropped.Count, upcoming.Except(dropped).Count(e => e.StartsAt > now),
                    upcoming.FirstOrDefault(e => e.Sequence == last?.Sequence) ?? last);
            }
        }

        LogContended(logger);
        var (lastStored, aheadStored) = await StoredAsync(now, cancellationToken);
        return (0, aheadStored, lastStored);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} scheduled entries (deleted songs or a replan)")]
    private static partial void LogDropped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The schedule kept changing under this instance; trying again on the next tick")]
    private static partial void LogContended(ILogger logger);
}
