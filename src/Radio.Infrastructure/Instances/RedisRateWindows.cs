using Radio.Application.Common;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>Fixed windows in Redis: the first request of a window creates its counter with a minute to live.</summary>
internal sealed class RedisRateWindows(IConnectionMultiplexer redis) : IRateWindows
{
    internal static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Takes a permit of the window KEYS[1] (ARGV[1]: its length in ms, ARGV[2]: its permits), and reads its time to
    // live only when that is one too many: the one call a taken permit does not need.
    private static readonly RedisScript TakeScript = new("""
        local left = 0
        local taken = redis.call('INCR', KEYS[1])
        if taken == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        if taken > tonumber(ARGV[2]) then left = redis.call('PTTL', KEYS[1]) end
        return { taken, left }
        """);

    public async ValueTask<TimeSpan?> TryTakeAsync(string key, int permitsPerMinute, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await TakeScript.EvaluateAsync(
            redis.GetDatabase(), [Key(key)], [(long)Window.TotalMilliseconds, permitsPerMinute]))!;
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
