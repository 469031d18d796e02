using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// A Lua script for every heartbeat, run by its SHA1 (<c>EVALSHA</c>): StackExchange.Redis' own cache looks a script
/// given as text up by that text, hashing all of it at every call (a few kilobytes for the heartbeat's composed
/// write). The first run through a connection gives the text, which StackExchange.Redis loads and runs in one round
/// trip; a refused <c>EVALSHA</c> (Redis restarted or flushed its scripts) ran nothing, so the text is run then. A
/// Redis that does not answer is a 503 for the caller, as <see cref="RedisKeys.Answer{T}"/> makes it (in this one
/// async step rather than a second around it: two of these run for every heartbeat).
/// </summary>
internal sealed class RedisScript(string text)
{
    private static readonly object Loaded = new();

    // Redis names a script by the SHA1 of its text: an identifier here, not a protection
#pragma warning disable CA5350
    private readonly byte[] _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350

    private readonly ConditionalWeakTable<IConnectionMultiplexer, object> _loadedThrough = [];

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync db, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            if (_loadedThrough.TryGetValue(db.Multiplexer, out _))
            {
                try
                {
                    return await db.ScriptEvaluateAsync(_sha1, keys, values);
                }
                catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
                {
                    // run by its text below
                }
            }

            var result = await db.ScriptEvaluateAsync(text, keys, values);
            _loadedThrough.TryAdd(db.Multiplexer, Loaded);
            return result;
        }
        catch (Exception e) when (RedisKeys.IsOutage(e))
        {
            throw RedisKeys.Unavailable();
        }
    }
}
