namespace Radio.Infrastructure.Listening;

/// <summary>The <c>Radio:Listening</c> section.</summary>
public sealed class ListeningOptions
{
    /// <summary>Credit is written once this many whole seconds have gathered for a user.</summary>
    public int FlushThresholdSeconds { get; set; } = 30;

    /// <summary>A session ends after this long without a heartbeat; a reconnect inside it continues the session.</summary>
    public int SessionTimeoutSeconds { get; set; } = 60;

    /// <summary>How often pending credit is checked and written.</summary>
    public double FlushIntervalSeconds { get; set; } = 1;

    /// <summary>How long an anonymous listener's total is kept after their last heartbeat.</summary>
    public double AnonymousRetentionHours { get; set; } = 24;

    /// <summary>At most this many anonymous listeners are held in memory; past it the least recently heard is forgotten.</summary>
    public int MaxAnonymousListeners { get; set; } = 100_000;

    public TimeSpan SessionTimeout => TimeSpan.FromSeconds(SessionTimeoutSeconds);
}
