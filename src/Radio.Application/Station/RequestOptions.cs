using Radio.Domain.Station;

namespace Radio.Application.Station;

/// <summary>The <c>Radio:Requests</c> configuration section: the song request rules.</summary>
public sealed class RequestOptions
{
    public const string Section = "Radio:Requests";

    /// <summary>A song on the air within this many minutes of now (before or after) cannot be requested.</summary>
    public double RecentMinutes { get; set; } = 60;

    /// <summary>Requests that may wait to play at once.</summary>
    public int MaxPending { get; set; } = 20;

    /// <summary>Minutes a listener waits between requests.</summary>
    public double IntervalMinutes { get; set; } = 10;

    public RequestRules Rules => new(TimeSpan.FromMinutes(RecentMinutes), MaxPending, TimeSpan.FromMinutes(IntervalMinutes));
}
