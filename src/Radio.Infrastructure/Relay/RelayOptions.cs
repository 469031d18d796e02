namespace Radio.Infrastructure.Relay;

/// <summary>The <c>Radio:Relay</c> keys: where the station is sent as an Icecast source, if anywhere.</summary>
public sealed class RelayOptions
{
    /// <summary><c>http://source:password@host:port/mount</c>; unset, the station is not relayed.</summary>
    public string? Url { get; set; }
}
