using Radio.Application.Common;
using Radio.Domain.Listening;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>The names of the listening state every instance shares in Redis, in one place.</summary>
internal static class RedisKeys
{
    /// <summary>Hash: user id → credit not yet stored (seconds, fractional).</summary>
    public static readonly RedisKey Unstored = "radio:unstored";

    /// <summary>
    /// Sorted set: user ids with credit not yet stored, scored by the server time of their latest heartbeat (ms), so a
    /// flush finds the sessions that ended (to write their credit) without reading every listener.
    /// </summary>
    public static readonly RedisKey UnstoredHeard = "radio:unstored:last-heard";

    /// <summary>The hash an earlier version kept <see cref="UnstoredHeard"/>'s times in; the next flush moves it over.</summary>
    public static readonly RedisKey LegacyUnstoredHeard = "radio:unstored:heard";

    /// <summary>Set: user ids whose unstored credit reached the flush threshold, added by the heartbeat that took it there.</summary>
    public static readonly RedisKey UnstoredDue = "radio:unstored:due";

    /// <summary>Hash: <c>user:play</c> → a decided listen not yet stored (<c>song|start ticks|credit</c>).</summary>
    public static readonly RedisKey UnstoredListens = "radio:listens:unstored";

    /// <summary>
    /// Hash: play sequence → every listener's credit during that play not yet stored (seconds, fractional), and
    /// <c>e:</c>sequence → the play's end (ms), to drop a fraction left once no heartbeat can reach the play.
    /// </summary>
    public static readonly RedisKey UnstoredPlays = "radio:plays:unstored";

    /// <summary>Sorted set: anonymous listeners by the time they were last heard (ms), least recent first.</summary>
    public static readonly RedisKey AnonymousHeard = "radio:anon:heard";

    /// <summary>
    /// Sorted set: every listener with a session not yet claimed for the statistics, scored by the server time of its
    /// latest heartbeat (ms): those within a session timeout are the live listeners; the statistics claim the older.
    /// </summary>
    public static readonly RedisKey LastBeat = "radio:stats:last-beat";

    /// <summary>List: sessions that ended when a heartbeat started the next one (<c>listener|state</c>), not yet claimed for the statistics.</summary>
    public static readonly RedisKey StatsEnded = "radio:stats:ended";

    // the prefixes are also spelled in the Lua scripts, which build keys of listeners they evict
    public const string SessionPrefix = "radio:session:";
    public const string AnonymousTotalPrefix = "radio:anon:total:";
    public const string StoredPrefix = "radio:stored:";
    public const string UnstoredDaysPrefix = "radio:unstored:days:";

    public static RedisKey Session(ListenerId listener) => SessionPrefix + listener.Value;

    /// <summary>Hash: an account's credit per play (and which plays became listens), next to its session.</summary>
    public static RedisKey PlayCredits(ListenerId listener) => SessionPrefix + listener.Value + ":plays";

    /// <summary>Hash: UTC day number → an account's credit for that day not yet stored.</summary>
    public static RedisKey UnstoredDays(int userId) =>
        UnstoredDaysPrefix + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static RedisKey AnonymousTotal(ListenerId listener) => AnonymousTotalPrefix + listener.Value;

    /// <summary>A user's stored total as last read or written, so a heartbeat needs no database read.</summary>
    public static RedisKey Stored(int userId) => StoredPrefix + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The credit this instance took out of <see cref="Unstored"/> to write, until the write is done.</summary>
    public static RedisKey Claim(InstanceId instance) => "radio:claim:" + instance.Value;

    /// <summary>The day credit this instance claimed with <see cref="Claim"/>: <c>user:day</c> → whole seconds.</summary>
    public static RedisKey ClaimDays(InstanceId instance) => "radio:claim:" + instance.Value + ":days";

    /// <summary>The listens this instance claimed with <see cref="Claim"/>, as <see cref="UnstoredListens"/> holds them.</summary>
    public static RedisKey ClaimListens(InstanceId instance) => "radio:claim:" + instance.Value + ":listens";

    /// <summary>The whole seconds per play this instance claimed with <see cref="Claim"/>: sequence → seconds.</summary>
    public static RedisKey ClaimPlays(InstanceId instance) => "radio:claim:" + instance.Value + ":plays";

    public static long Milliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>Runs a Redis call; a Redis that does not answer is a 503 for the caller, not a 500.</summary>
    public static async Task<T> Answer<T>(Task<T> call)
    {
        try
        {
            return await call;
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw Unavailable();
        }
    }

    /// <summary>
    /// Whether Redis cannot do the work now, so a retry may find it answering: no connection, a timeout, or an error
    /// reply that says so (<see cref="UnavailableCodes"/>). Any other error reply (a key of the wrong type, a script's
    /// error) or a command this client refused to send is a bug that a retry would only repeat: a 500, not a 503.
    /// </summary>
    public static bool IsOutage(Exception e) => e switch
    {
        RedisServerException server => IsUnavailableReply(server.Message),
        RedisCommandException => false,
        _ => e is RedisException or TimeoutException,
    };

    /// <summary>Whether an error reply (its message, which starts with its code) is one of <see cref="UnavailableCodes"/>.</summary>
    public static bool IsUnavailableReply(string message)
    {
        var code = message.AsSpan();
        var space = code.IndexOf(' ');
        return UnavailableCodeSpans.Contains(space < 0 ? code : code[..space]);
    }

    /// <summary>
    /// The error codes of a Redis that is up but cannot do the work now: loading its data after a restart, busy with a
    /// script, out of memory or refusing writes it cannot persist, a replica without its primary or a cluster without
    /// the slot; or one that refuses this instance's credentials (the operator's to fix, as for a Redis that is down).
    /// </summary>
    private static readonly System.Collections.Frozen.FrozenSet<string> UnavailableCodes = System.Collections.Frozen.FrozenSet.Create(
        StringComparer.Ordinal,
        "LOADING", "BUSY", "OOM", "MISCONF", "MASTERDOWN", "READONLY", "NOREPLICAS", "TRYAGAIN", "CLUSTERDOWN", "NOAUTH", "WRONGPASS", "NOPERM");

    private static readonly System.Collections.Frozen.FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> UnavailableCodeSpans =
        UnavailableCodes.GetAlternateLookup<ReadOnlySpan<char>>();

    public static ServiceUnavailableException Unavailable() =>
        new("The listening store (Redis) does not answer; try again in a few seconds.");
}
