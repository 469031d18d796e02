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

    /// <summary>Stream listeners this instance serves at once, on every path; past it, a 503.</summary>
    public int MaxListeners { get; set; } = 5000;

    /// <summary>Stream listeners this instance serves at once from one client address (an IPv6 /64); past it, a 503.</summary>
    public int MaxListenersPerAddress { get; set; } = 16;

    // the station's sound (issue 17): see StationSound.cs for the rules these feed

    /// <summary>The stream's sample rate in Hz; every rendition is resampled to it.</summary>
    public int SampleRate { get; set; } = 44100;

    /// <summary>The stream's channel count (1 or 2).</summary>
    public int Channels { get; set; } = 2;

    /// <summary>The stream's constant MP3 bitrate in kbit/s.</summary>
    public int BitrateKbps { get; set; } = 128;

    /// <summary>The EBU R128 integrated loudness every rendition is normalised to.</summary>
    public double LoudnessLufs { get; set; } = -16;

    /// <summary>The ffmpeg executable: a name looked up on PATH, or a path.</summary>
    public string Ffmpeg { get; set; } = "ffmpeg";

    /// <summary>Renditions this instance makes at once.</summary>
    public int RenditionWorkers { get; set; } = 1;

    /// <summary>How long a claim on a rendition holds without being renewed, before another instance may take it.</summary>
    public double RenditionLeaseSeconds { get; set; } = 60;

    /// <summary>How often an idle rendition worker looks for waiting songs.</summary>
    public double RenditionPollSeconds { get; set; } = 1;
}
