namespace Radio.Domain.Station;

/// <summary>The station's programming rules: what plays next, and how the schedule follows a changing library.</summary>
public static class Programme
{
    /// <summary>
    /// The song after <paramref name="last"/>: a uniformly random song not yet played in the current round
    /// (a shuffle drawn one song at a time, so songs added mid-round still join it), or, once every song has
    /// played, the first song of a new round. Never the song just played, unless it is the only song.
    /// </summary>
    /// <param name="library">The ids of every song in the library now.</param>
    /// <param name="last">The latest scheduled entry, or null for a new station.</param>
    /// <param name="playedThisRound">The songs of the entries in <paramref name="last"/>'s round.</param>
    /// <param name="random">Injected so tests control the shuffle.</param>
    public static (int SongId, int Round) NextSong(
        IReadOnlyCollection<int> library, ScheduleEntry? last, IReadOnlySet<int> playedThisRound, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfZero(library.Count);
        var round = last?.Round ?? 1;
        var eligible = library.Where(id => !playedThisRound.Contains(id)).Order().ToList();
        if (eligible.Count == 0)
        {
            round++;
            eligible = [.. library.Order()];
        }

        if (last is not null && eligible.Count > 1)
        {
            eligible.Remove(last.SongId);
        }

        return (eligible[random.Next(eligible.Count)], round);
    }

    /// <summary>
    /// Makes the entries from now on playable after songs were deleted: an entry whose song is gone is cut
    /// short at <paramref name="now"/> if it is playing, or dropped if it has not started; every entry that
    /// has not started is then moved to start right after the one before it (or now), so nothing else is
    /// skipped and no silence is left. Idempotent, so every instance may run it at any time.
    /// </summary>
    /// <param name="upcoming">The entries that end after <paramref name="now"/>, in sequence order.</param>
    /// <param name="library">The songs in the library now: at least those of <paramref name="upcoming"/> that are.</param>
    /// <param name="now">The present.</param>
    /// <param name="replanAfter">
    /// When set, entries starting after it are dropped too, to be drawn again from the library as it is now
    /// (after a song was added, so a one-song library's repeats do not outlive the second song). Listeners' requests
    /// stay: they move up instead.
    /// </param>
    /// <returns>The dropped entries; the others are changed in place where needed.</returns>
    public static IReadOnlyList<ScheduleEntry> Reconcile(
        IReadOnlyList<ScheduleEntry> upcoming, IReadOnlySet<int> library, DateTimeOffset now, DateTimeOffset? replanAfter = null)
    {
        var dropped = new List<ScheduleEntry>();
        var cursor = now;
        foreach (var entry in upcoming)
        {
            if (entry.StartsAt <= now)
            {
                if (library.Contains(entry.SongId))
                {
                    cursor = entry.EndsAt;
                }
                else
                {
                    entry.EndAt(now);
                }

                continue;
            }

            if (!library.Contains(entry.SongId) || (entry.StartsAt > replanAfter && !entry.IsRequest))
            {
                dropped.Add(entry);
                continue;
            }

            if (entry.StartsAt != cursor)
            {
                entry.MoveTo(cursor);
            }

            cursor = entry.EndsAt;
        }

        return dropped;
    }

    /// <summary>
    /// Makes room for a requested song right after the song on the air, the entries about to start (the producer may be
    /// opening them) and the requests already waiting: the other entries after those are dropped, and the keeper draws
    /// them again after the request, so the shuffle's rules hold for the rest and the requested song, now played in the
    /// round, is not drawn again in it.
    /// </summary>
    /// <param name="upcoming">The entries that end after <paramref name="now"/>, in sequence order.</param>
    /// <param name="library">The songs in the library now: at least those of <paramref name="upcoming"/> that are.</param>
    /// <param name="last">The stored entry with the highest sequence number, read before <paramref name="upcoming"/>.</param>
    /// <param name="request">The request, not yet stored.</param>
    /// <param name="durationSeconds">The requested song's length.</param>
    /// <param name="now">The present.</param>
    /// <param name="keepUntil">Entries starting by then stay where they are.</param>
    /// <returns>The new entry and the dropped ones; the others are changed in place where needed.</returns>
    public static (ScheduleEntry Entry, IReadOnlyList<ScheduleEntry> Dropped) PlaceRequest(
        IReadOnlyList<ScheduleEntry> upcoming, IReadOnlySet<int> library, ScheduleEntry? last, SongRequest request,
        double durationSeconds, DateTimeOffset now, DateTimeOffset keepUntil)
    {
        var dropped = Reconcile(upcoming, library, now, keepUntil);
        var before = upcoming.Except(dropped).LastOrDefault();
        var startsAt = before is null || before.EndsAt < now ? now : before.EndsAt;
        // a fresh sequence number: an instance that read the same schedule and appends or places too collides on it
        var sequence = Math.Max(last?.Sequence ?? 0, upcoming.Count == 0 ? 0 : upcoming.Max(e => e.Sequence)) + 1;
        var entry = ScheduleEntry.ForRequest(
            sequence, request, before?.Round ?? last?.Round ?? 1, startsAt, durationSeconds);
        return (entry, dropped);
    }
}
