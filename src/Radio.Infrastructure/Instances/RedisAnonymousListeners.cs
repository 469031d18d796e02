using Microsoft.Extensions.Options;
using Radio.Domain.Listening;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// The anonymous listeners' totals of all instances, in Redis: each a key that expires the retention time after
/// it was last heard, and a sorted set by last heard holding at most
/// <see cref="Listening.ListeningOptions.MaxAnonymousListeners"/>, the least recently heard forgotten first with
/// its live session. One script per heartbeat, so the bound holds however many instances add at once.
/// </summary>
internal sealed class RedisAnonymousListeners
{
    private static readonly LuaScript AddScript = LuaScript.Prepare("""
        local total = redis.call('INCRBYFLOAT', @total, @credit)
        redis.call('EXPIRE', @total, @retentionSeconds)
        redis.call('ZADD', @heard, @now, @listener)
        redis.call('ZREMRANGEBYSCORE', @heard, '-inf', '(' .. (tonumber(@now) - tonumber(@retentionMs)))
        local excess = redis.call('ZCARD', @heard) - tonumber(@max)
        if excess > 0 then
          local gone = redis.call('ZPOPMIN', @heard, excess)
          for i = 1, #gone, 2 do
            redis.call('DEL', 'radio:anon:total:' .. gone[i], 'radio:session:' .. gone[i])
            redis.call('ZREM', 'radio:live', gone[i])
          end
        end
        return total
        """);

    private readonly IConnectionMultiplexer _redis;
    private readonly int _max;
    private readonly TimeSpan _retention;

    public RedisAnonymousListeners(IConnectionMultiplexer redis, IOptions<RadioOptions> options)
    {
        var listening = options.Value.Listening;
        if (listening.MaxAnonymousListeners < 1)
        {
            throw new InvalidOperationException("Radio:Listening:MaxAnonymousListeners must be at least 1.");
        }

        _redis = redis;
        _max = listening.MaxAnonymousListeners;
        _retention = TimeSpan.FromHours(listening.AnonymousRetentionHours);
    }

    /// <summary>Adds a heartbeat's credit (0 counts as a sign of life too) and returns the listener's total in whole seconds.</summary>
    public async Task<long> AddAsync(ListenerId listener, double credit, DateTimeOffset now)
    {
        var total = await RedisKeys.Answer(_redis.GetDatabase().ScriptEvaluateAsync(AddScript, new
        {
            total = RedisKeys.AnonymousTotal(listener),
            heard = RedisKeys.AnonymousHeard,
            listener = listener.Value,
            credit,
            now = RedisKeys.Milliseconds(now),
            retentionSeconds = (long)Math.Ceiling(_retention.TotalSeconds),
            retentionMs = (long)_retention.TotalMilliseconds,
            max = _max,
        }));
        return (long)Math.Floor((double)total);
    }

    private static readonly LuaScript CarryOverScript = LuaScript.Prepare("""
        local total = tonumber(redis.call('GET', @total) or '0')
        redis.call('DEL', @total, @session)
        redis.call('ZREM', @heard, @listener)
        redis.call('ZREM', @live, @listener)
        local whole = math.floor(total)
        if whole >= 1 then
          redis.call('HINCRBYFLOAT', @unstored, @user, whole)
          local heard = tonumber(redis.call('HGET', @userHeard, @user) or '0')
          if tonumber(@now) > heard then redis.call('HSET', @userHeard, @user, @now) end
        end
        return whole
        """);

    /// <summary>
    /// Moves the listener's total to the user's unstored credit and forgets the listener with their session, in one
    /// script: two registrations with the same cookie cannot both carry it. Returns the whole seconds moved.
    /// </summary>
    public async Task<long> CarryOverAsync(ListenerId listener, int userId, DateTimeOffset now) =>
        (long)await RedisKeys.Answer(_redis.GetDatabase().ScriptEvaluateAsync(CarryOverScript, new
        {
            total = RedisKeys.AnonymousTotal(listener),
            session = RedisKeys.Session(listener),
            heard = RedisKeys.AnonymousHeard,
            live = RedisKeys.Live,
            unstored = RedisKeys.Unstored,
            userHeard = RedisKeys.UnstoredHeard,
            listener = listener.Value,
            user = userId,
            now = RedisKeys.Milliseconds(now),
        }));

    /// <summary>The listener's total in whole seconds; 0 for one not held.</summary>
    public long TotalOf(ListenerId listener)
    {
        var total = _redis.GetDatabase().StringGet(RedisKeys.AnonymousTotal(listener));
        return total.IsNull ? 0 : (long)Math.Floor((double)total);
    }

    /// <summary>How many anonymous listeners are held.</summary>
    public Task<long> CountAsync() => RedisKeys.Answer(_redis.GetDatabase().SortedSetLengthAsync(RedisKeys.AnonymousHeard));
}
