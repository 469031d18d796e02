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
    // KEYS: the listener's total, anonymous heard, last heartbeats; ARGV: listener, credit, now (ms), retention (s),
    // retention (ms), most listeners held. Returns the listener's total.
    internal const string AddScript = """
        local total = redis.call('INCRBYFLOAT', KEYS[1], ARGV[2])
        redis.call('EXPIRE', KEYS[1], ARGV[4])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (tonumber(ARGV[3]) - tonumber(ARGV[5])))
        local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[6])
        if excess > 0 then
          local gone = redis.call('ZPOPMIN', KEYS[2], excess)
          for i = 1, #gone, 2 do
            redis.call('DEL', 'radio:anon:total:' .. gone[i], 'radio:session:' .. gone[i])
            -- its state is gone: no session to count as live nor to hand to the statistics
            redis.call('ZREM', KEYS[3], gone[i])
          end
        end
        return total
        """;

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
        var (keys, values) = AddArguments(listener, credit, now);
        return Whole(await RedisKeys.Answer(_redis.GetDatabase().ScriptEvaluateAsync(AddScript, keys, values)));
    }

    /// <summary>What <see cref="AddScript"/> takes to add a heartbeat's credit to an anonymous listener's total.</summary>
    internal (RedisKey[] Keys, RedisValue[] Values) AddArguments(ListenerId listener, double credit, DateTimeOffset now) => (
        [RedisKeys.AnonymousTotal(listener), RedisKeys.AnonymousHeard, RedisKeys.LastBeat],
        [
            listener.Value, credit, RedisKeys.Milliseconds(now),
            (long)Math.Ceiling(_retention.TotalSeconds), (long)_retention.TotalMilliseconds, _max,
        ]);

    internal static long Whole(RedisResult total) => (long)Math.Floor((double)total);

    private static readonly LuaScript CarryOverScript = LuaScript.Prepare("""
        local total = tonumber(redis.call('GET', @total) or '0')
        redis.call('DEL', @total, @session)
        redis.call('ZREM', @heard, @listener)
        redis.call('ZREM', @lastBeat, @listener)
        local whole = math.floor(total)
        if whole >= 1 then
          redis.call('HINCRBYFLOAT', @unstored, @user, whole)
          redis.call('ZADD', @userHeard, 'GT', @now, @user)
          -- written at the next flush, whatever the threshold: it was earned before the account existed
          redis.call('SADD', @userDue, @user)
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
            lastBeat = RedisKeys.LastBeat,
            unstored = RedisKeys.Unstored,
            userHeard = RedisKeys.UnstoredHeard,
            userDue = RedisKeys.UnstoredDue,
            listener = listener.Value,
            user = userId,
            now = RedisKeys.Milliseconds(now),
        }));

    /// <summary>How many anonymous listeners are held.</summary>
    public Task<long> CountAsync() => RedisKeys.Answer(_redis.GetDatabase().SortedSetLengthAsync(RedisKeys.AnonymousHeard));
}
