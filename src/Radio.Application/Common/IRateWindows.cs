namespace Radio.Application.Common;

/// <summary>
/// Fixed windows of a minute counted in a store every instance shares (Redis), so a client spreading its requests
/// over several instances meets one limit. Registered only in several-instance mode; alone, the process's own rate
/// limiters count.
/// </summary>
public interface IRateWindows
{
    /// <summary>What the window of a listener's heartbeats is named, before the listener.</summary>
    const string Heartbeats = "heartbeat:";

    /// <summary>
    /// Takes one of <paramref name="permitsPerMinute"/> from the current window of <paramref name="key"/>; null when
    /// taken, else how long until the window ends.
    /// </summary>
    ValueTask<TimeSpan?> TryTakeAsync(string key, int permitsPerMinute, CancellationToken cancellationToken);
}
