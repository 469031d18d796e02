namespace Radio.Application.Station;

/// <summary>The station's configuration as the use cases need it (<c>Radio:Station</c>).</summary>
/// <param name="Name">Sent as <c>icy-name</c>.</param>
/// <param name="SongsAhead">How many songs after the current one are always scheduled.</param>
/// <param name="TimeAhead">How far ahead the schedule always reaches, at least.</param>
public sealed record StationSettings(string Name, int SongsAhead, TimeSpan TimeAhead)
{
    public static readonly StationSettings Default = new("Radio", 3, TimeSpan.FromMinutes(10));
}
