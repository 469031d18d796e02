using Radio.Application.Common;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>Fixed windows in Redis: the first request of a window creates its counter with a minute to live.</summary>
internal sealed class RedisRateWindows(IConnectionMultiplexer redis) : IRateWindows
{
    internal static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly LuaScript TakeScript = LuaScript.Prepare("""
        local taken = redis.call('INCR', @window)
        if taken == 1 then redis.call('PEXPIRE', @window, @windowMs) end
        return { taken, redis.call('PTTL', @window) }
        """);

    public async ValueTask<TimeSpan?> TryTakeAsync(string key, int permitsPerMinute, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await RedisKeys.Answer(redis.GetDatabase().ScriptEvaluateAsync(TakeScript, new
        {
            window = Key(key),
            windowMs = (long)Window.TotalMilliseconds,
        })))!;
        if ((long)result[0] <= permitsPerMinute)
        {
            return null;
        }

        return Wait((long)result[1]);
    }

    internal static RedisKey Key(string window) => "radio:rate:" + window;

    /// <summary>The wait a spent window tells, from its time to live (ms) as the take saw it.</summary>
    internal static TimeSpan Wait(long leftMs) => leftMs > 0 ? TimeSpan.FromMilliseconds(leftMs) : Window;
}
