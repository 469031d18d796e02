using Radio.Infrastructure.Instances;
using StackExchange.Redis;

namespace Radio.Infrastructure.Relay;

/// <summary>
/// Which instance sends the station to Icecast: a mount takes one source, so with several instances the one holding
/// this lease in Redis sends and the others wait to take it over. The holder renews it well within its time to live;
/// an instance that dies stops renewing, and the lease passes on when it runs out. Without Redis there is one
/// instance, and it always holds the lease.
/// </summary>
internal sealed class RelayLease(IConnectionMultiplexer? redis, InstanceId? instance)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(2);

    private static readonly RedisKey Key = "radio:relay:lease";

    // renewing and releasing must not touch a lease another instance has taken since
    private static readonly LuaScript Renew = LuaScript.Prepare(
        "if redis.call('get', @key) == @holder then return redis.call('pexpire', @key, @ttl) else return 0 end");
    private static readonly LuaScript Release = LuaScript.Prepare(
        "if redis.call('get', @key) == @holder then return redis.call('del', @key) else return 0 end");

    /// <summary>Takes the lease if nobody holds it, or renews it if this instance does; false while another holds it.</summary>
    public async Task<bool> TryHoldAsync()
    {
        if (redis is null || instance is null)
        {
            return true;
        }

        var db = redis.GetDatabase();
        if (await db.StringSetAsync(Key, instance.Value, TimeToLive, When.NotExists))
        {
            return true;
        }

        var renewed = await db.ScriptEvaluateAsync(Renew,
            new { key = Key, holder = (RedisValue)instance.Value, ttl = (long)TimeToLive.TotalMilliseconds });
        return (long)renewed == 1;
    }

    /// <summary>Lets the lease go at once (a graceful stop), so another instance need not wait for it to run out.</summary>
    public async Task ReleaseAsync()
    {
        if (redis is null || instance is null)
        {
            return;
        }

        await redis.GetDatabase().ScriptEvaluateAsync(Release, new { key = Key, holder = (RedisValue)instance.Value });
    }
}
