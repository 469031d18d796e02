namespace Radio.Domain.Station;

/// <summary>
/// When a listener may ask for a song: not one already waiting, not one on the air within <see cref="Recent"/> of now
/// (before or after: played, playing or scheduled), not past <see cref="MaxPending"/> waiting requests, and not
/// twice within <see cref="Interval"/>.
/// </summary>
public sealed record RequestRules(TimeSpan Recent, int MaxPending, TimeSpan Interval)
{
    /// <summary>Why the song cannot be requested now (the problem's detail), or null when it can.</summary>
    /// <param name="songId">The song asked for.</param>
    /// <param name="upcoming">The stored entries that end after <paramref name="now"/>, in sequence order.</param>
    /// <param name="onAirRecently">Whether the song is on the air at some moment within <see cref="Recent"/> of now.</param>
    /// <param name="now">The present.</param>
    public string? Conflict(int songId, IReadOnlyList<ScheduleEntry> upcoming, bool onAirRecently, DateTimeOffset now)
    {
        var pending = upcoming.Where(e => e.IsRequest && e.StartsAt > now).ToList();
        if (pending.Any(e => e.SongId == songId))
        {
            return "The song is already requested and waiting to play.";
        }

        // the song on the air is refused even with a zero window: the station never plays a song twice in a row
        if (upcoming.Any(e => e.SongId == songId && e.IsPlayingAt(now)))
        {
            return "The song is on the air now.";
        }

        if (onAirRecently)
        {
            return $"The song played or is scheduled within {Minutes(Recent)} minutes of now.";
        }

        return pending.Count >= MaxPending
            ? $"The request queue is full: {MaxPending} requests are waiting to play."
            : null;
    }

    /// <summary>How long the listener must wait before asking again, or null when they may ask now.</summary>
    /// <param name="latestRequest">When the listener last made a request, if ever.</param>
    /// <param name="now">The present.</param>
    public TimeSpan? WaitBeforeNext(DateTimeOffset? latestRequest, DateTimeOffset now)
    {
        var allowedAt = latestRequest + Interval;
        return allowedAt > now ? allowedAt - now : null;
    }

    private static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
