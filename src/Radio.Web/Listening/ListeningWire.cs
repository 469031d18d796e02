namespace Radio.Web.Listening;

/// <summary>A client's report on its connection: when it started playing and how much it has played since.</summary>
public sealed record HeartbeatRequest(DateTimeOffset? ConnectTime, double? PlayedSeconds);

public sealed record HeartbeatResponse(string Status, long SessionSeconds, long TotalSeconds, string Username);
