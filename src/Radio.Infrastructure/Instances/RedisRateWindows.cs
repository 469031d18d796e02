using Radio.Application.Common;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>Fixed windows in Redis: the first request of a window creates its counter with a minute to live.</summary>
internal sealed class RedisRateWindows(IConnectionMultiplexer redis) : IRateWindows
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly LuaScript TakeScript = LuaScript.Prepare("""
        local taken = redis.call('INCR', @window)
        if taken == 1 then redis.call('PEXPIRE', @window, @windowMs) end
        return { taken, redis.call('PTTL', @window) }
        """);

    public async ValueTask<TimeSpan?> TryTakeAsync(string key, int permitsPerMinute, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await RedisKeys.Answer(redis.GetDatabase().ScriptEvaluateAsync(TakeScript, new
        {
            window = (RedisKey)("radio:rate:" + key),
            windowMs = (long)Window.TotalMilliseconds,
        })))!;
        if ((long)result[0] <= permitsPerMinute)
        {
            return null;
        }

        var left = (long)result[1];
        return left > 0 ? TimeSpan.FromMilliseconds(left) : Window;
    }
}
