namespace Radio.Web.Events;

/// <summary>The <c>Radio:Events</c> section: how many live-event clients one process holds (in all and per client address), and how often it tells
/// them it is still there.</summary>
internal sealed class EventsOptions
{
    public const string Section = "Radio:Events";

    /// <summary>Past this many connections a new one gets 503 with <c>Retry-After</c>.</summary>
    public int MaxClients { get; set; } = 10_000;

    /// <summary>Past this many connections from one client address (an IPv6 /64) a new one gets 503 with
    /// <c>Retry-After</c>, so one address cannot take every place.</summary>
    public int MaxClientsPerAddress { get; set; } = 16;

    /// <summary>The longest a connection goes without a write; proxies close connections idle for longer than this.</summary>
    public double KeepAliveSeconds { get; set; } = 10;
}
