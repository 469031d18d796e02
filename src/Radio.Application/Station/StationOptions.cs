namespace Radio.Application.Station;

/// <summary>
/// The <c>Radio:Station</c> configuration section: the one options type of the station, read by the use cases, the
/// producer and the stream alike.
/// </summary>
public sealed class StationOptions
{
    public const string Section = "Radio:Station";

    /// <summary>Sent to players as <c>icy-name</c>.</summary>
    public string Name { get; set; } = "Radio";

    /// <summary>Songs after the current one that are always scheduled.</summary>
    public int SongsAhead { get; set; } = 3;

    /// <summary>How far ahead the stored schedule always reaches.</summary>
    public double ScheduleAheadSeconds { get; set; } = 600;

    public TimeSpan ScheduleAhead => TimeSpan.FromSeconds(ScheduleAheadSeconds);

    /// <summary>How often each instance tops up and repairs the schedule.</summary>
    public double ScheduleIntervalSeconds { get; set; } = 5;

    /// <summary>Audio a new listener receives at once, so playback starts without waiting.</summary>
    public double BurstSeconds { get; set; } = 2;

    /// <summary>How far a listener may fall behind live before it is disconnected.</summary>
    public double MaxLagSeconds { get; set; } = 10;

    /// <summary>How often the producer sends the frames that have come due.</summary>
    public double ChunkMilliseconds { get; set; } = 200;
}
