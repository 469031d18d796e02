using System.Text.Json.Serialization;

namespace Radio.Web.Listening;

/// <summary>A client's report on its connection: when it started playing and how much it has played since.</summary>
public sealed record HeartbeatRequest(DateTimeOffset? ConnectTime, double? PlayedSeconds);

public sealed record HeartbeatResponse(string Status, long SessionSeconds, long TotalSeconds, string Username);

/// <summary>A User object; for a period other than <c>all</c> also <c>period_seconds</c> (left out for <c>all</c>, unchanged).</summary>
public sealed record LeaderboardEntryResponse(
    int Id, string Username, string Role, long TotalListenTime, int? ArtistId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? PeriodSeconds);
