using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Radio.Domain.Listening;
using Radio.Infrastructure.Persistence;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// Lifetime totals shared by all instances. A user's credit not yet stored gathers in one Redis hash, whichever
/// instance took the heartbeat; a flush moves the due credit, in one script, into this instance's claim and writes
/// the claim with <see cref="StoredTotals"/>' batched increments, then deletes it. Credit is in the hash or in exactly
/// one claim, never both, so no two instances write the same seconds. See <see cref="RedisTotalsFlush"/> for failures.
/// </summary>
internal sealed class RedisListenerTotals(
    IConnectionMultiplexer redis, StoredTotals stored, RedisAnonymousListeners anonymousTotals, IOptions<RadioOptions> options,
    ILogger<RedisListenerTotals> logger)
    : IListenerTotals
{
    private readonly int _threshold = options.Value.Listening.FlushThresholdSeconds;

    // the stored total kept in Redis is read again from the database at the latest after this long
    internal static readonly TimeSpan StoredCacheLifetime = TimeSpan.FromMinutes(10);

    // KEYS: unstored, the user's unstored days, unstored heard, the user's stored total, unstored due; ARGV: user,
    // credit, first day, its credit, second day, its credit, now (ms), the flush threshold. Returns the credit pending
    // and the stored total (or nil).
    internal const string AddScript = """
        local pending = redis.call('HINCRBYFLOAT', KEYS[1], ARGV[1], ARGV[2])
        if tonumber(ARGV[4]) > 0 then redis.call('HINCRBYFLOAT', KEYS[2], ARGV[3], ARGV[4]) end
        if tonumber(ARGV[6]) > 0 then redis.call('HINCRBYFLOAT', KEYS[2], ARGV[5], ARGV[6]) end
        redis.call('ZADD', KEYS[3], 'GT', ARGV[7], ARGV[1])
        if tonumber(pending) >= tonumber(ARGV[8]) then redis.call('SADD', KEYS[5], ARGV[1]) end
        return { pending, redis.call('GET', KEYS[4]) }
        """;

    public async ValueTask<long> AddAsync(ListenerId listener, double credit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (listener.IsAnonymous)
        {
            return await anonymousTotals.AddAsync(listener, credit, now);
        }

        var (keys, values) = AddArguments(listener.UserId!.Value, credit, now);
        var result = (RedisResult[])(await RedisKeys.Answer(redis.GetDatabase().ScriptEvaluateAsync(AddScript, keys, values)))!;
        return await TotalAsync(listener.UserId!.Value, result[0], result[1], cancellationToken);
    }

    /// <summary>What <see cref="AddScript"/> takes to add a heartbeat's credit to a user's unstored credit.</summary>
    internal (RedisKey[] Keys, RedisValue[] Values) AddArguments(int userId, double credit, DateTimeOffset now)
    {
        // the credit per UTC day, for the leaderboard's periods: one day, or two across midnight
        var days = credit > 0 ? LeaderboardPeriods.SplitByDay(credit, now) : [];
        return (
            [RedisKeys.Unstored, RedisKeys.UnstoredDays(userId), RedisKeys.UnstoredHeard, RedisKeys.Stored(userId), RedisKeys.UnstoredDue],
            [
                userId, credit,
                days.Count > 0 ? days[0].Day.DayNumber : 0, days.Count > 0 ? days[0].Seconds : 0,
                days.Count > 1 ? days[1].Day.DayNumber : 0, days.Count > 1 ? days[1].Seconds : 0,
                RedisKeys.Milliseconds(now), _threshold,
            ]);
    }

    /// <summary>The lifetime total from what <see cref="AddScript"/> returned, reading the stored one when Redis has none.</summary>
    internal async ValueTask<long> TotalAsync(int userId, RedisResult pendingCredit, RedisResult storedTotal, CancellationToken cancellationToken)
    {
        var pending = (long)Math.Floor((double)pendingCredit);
        if (!storedTotal.IsNull)
        {
            return (long)storedTotal + pending;
        }

        var fromDatabase = await stored.ReadAsync(userId).WaitAsync(cancellationToken);
        // a flush that wrote meanwhile set a fresher value, which wins
        await RedisKeys.Answer(redis.GetDatabase().StringSetAsync(
            RedisKeys.Stored(userId), fromDatabase, StoredCacheLifetime, When.NotExists));
        return fromDatabase + pending;
    }

    public async ValueTask<long> CarryOverAsync(ListenerId anonymous, ListenerId user, DateTimeOffset now, CancellationToken cancellationToken) =>
        await anonymousTotals.CarryOverAsync(anonymous, user.UserId!.Value, now);

    public async ValueTask<IReadOnlyDictionary<int, long>> UnstoredSecondsAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken)
    {
        int[] ids = [.. userIds.Distinct()];
        var unstored = new Dictionary<int, long>(ids.Length);
        if (ids.Length == 0)
        {
            return unstored;
        }

        try
        {
            var pending = await redis.GetDatabase().HashGetAsync(RedisKeys.Unstored, [.. ids.Select(id => (RedisValue)id)]).WaitAsync(cancellationToken);
            for (var i = 0; i < ids.Length; i++)
            {
                unstored[ids[i]] = pending[i].IsNull ? 0 : (long)Math.Floor((double)pending[i]);
            }
        }
        catch (Exception e) when (RedisKeys.IsOutage(e))
        {
            // a profile or the leaderboard still answers during an outage, with the stored totals only
            RedisTotalsLog.UnstoredUnknown(logger, e);
        }

        return unstored;
    }
}

internal static partial class RedisTotalsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not answer; a total is shown without its unstored credit")]
    public static partial void UnstoredUnknown(ILogger logger, Exception exception);
}
