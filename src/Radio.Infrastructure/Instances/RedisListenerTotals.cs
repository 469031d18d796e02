using Microsoft.Extensions.Logging;
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
    IConnectionMultiplexer redis, StoredTotals stored, RedisAnonymousListeners anonymousTotals, ILogger<RedisListenerTotals> logger)
    : IListenerTotals
{
    // the stored total kept in Redis is read again from the database at the latest after this long
    internal static readonly TimeSpan StoredCacheLifetime = TimeSpan.FromMinutes(10);

    private static readonly LuaScript AddScript = LuaScript.Prepare("""
        local pending = redis.call('HINCRBYFLOAT', @unstored, @user, @credit)
        if tonumber(@firstDayCredit) > 0 then redis.call('HINCRBYFLOAT', @days, @firstDay, @firstDayCredit) end
        if tonumber(@secondDayCredit) > 0 then redis.call('HINCRBYFLOAT', @days, @secondDay, @secondDayCredit) end
        local heard = tonumber(redis.call('HGET', @heard, @user) or '0')
        if tonumber(@now) > heard then redis.call('HSET', @heard, @user, @now) end
        return { pending, redis.call('GET', @stored) }
        """);

    public async ValueTask<long> AddAsync(ListenerId listener, double credit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (listener.IsAnonymous)
        {
            return await anonymousTotals.AddAsync(listener, credit, now);
        }

        var userId = listener.UserId!.Value;
        var storedKey = RedisKeys.Stored(userId);
        var db = redis.GetDatabase();
        // the credit per UTC day, for the leaderboard's periods: one day, or two across midnight
        var days = credit > 0 ? LeaderboardPeriods.SplitByDay(credit, now) : [];
        var result = (RedisResult[])(await RedisKeys.Answer(db.ScriptEvaluateAsync(AddScript, new
        {
            unstored = RedisKeys.Unstored,
            days = RedisKeys.UnstoredDays(userId),
            firstDay = days.Count > 0 ? days[0].Day.DayNumber : 0,
            firstDayCredit = days.Count > 0 ? days[0].Seconds : 0,
            secondDay = days.Count > 1 ? days[1].Day.DayNumber : 0,
            secondDayCredit = days.Count > 1 ? days[1].Seconds : 0,
            heard = RedisKeys.UnstoredHeard,
            stored = storedKey,
            user = userId,
            credit,
            now = RedisKeys.Milliseconds(now),
        })))!;
        var pending = (long)Math.Floor((double)result[0]);
        if (!result[1].IsNull)
        {
            return (long)result[1] + pending;
        }

        var fromDatabase = await stored.ReadAsync(userId).WaitAsync(cancellationToken);
        // a flush that wrote meanwhile set a fresher value, which wins
        await RedisKeys.Answer(db.StringSetAsync(storedKey, fromDatabase, StoredCacheLifetime, When.NotExists));
        return fromDatabase + pending;
    }

    public async ValueTask<long> CarryOverAsync(ListenerId anonymous, ListenerId user, DateTimeOffset now, CancellationToken cancellationToken) =>
        await anonymousTotals.CarryOverAsync(anonymous, user.UserId!.Value, now);

    public long UnstoredSeconds(ListenerId listener)
    {
        if (listener.IsAnonymous)
        {
            return anonymousTotals.TotalOf(listener);
        }

        try
        {
            var pending = redis.GetDatabase().HashGet(RedisKeys.Unstored, listener.UserId!.Value);
            return pending.IsNull ? 0 : (long)Math.Floor((double)pending);
        }
        catch (Exception e) when (RedisKeys.IsOutage(e))
        {
            // a profile or the leaderboard still answers during an outage, with the stored total only
            RedisTotalsLog.UnstoredUnknown(logger, e);
            return 0;
        }
    }
}

internal static partial class RedisTotalsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not answer; a total is shown without its unstored credit")]
    public static partial void UnstoredUnknown(ILogger logger, Exception exception);
}
