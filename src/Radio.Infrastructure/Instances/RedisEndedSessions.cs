using Microsoft.Extensions.Options;
using Radio.Domain.Listening;
using Radio.Domain.Statistics;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// The sessions that ended on any instance, for the statistics, each handed to exactly one instance. A session ends
/// in one of two ways, and each is a single atomic step in Redis:
/// <list type="bullet">
/// <item>a heartbeat finds its listener's session ended and starts a new one: the same conditioned script that
/// replaces the session pushes the ended one onto <see cref="RedisKeys.StatsEnded"/>;</item>
/// <item>no heartbeat follows: <see cref="RedisKeys.LastBeat"/> holds every session's last heartbeat, and the
/// claim script takes those a timeout old, with their state, deleting the state as it takes it. A heartbeat racing
/// the claim finds its read state changed, reads again, and starts afresh.</item>
/// </list>
/// The claim script also empties the list, so whichever instance runs it owns what it returns.
/// </summary>
internal sealed class RedisEndedSessions(IConnectionMultiplexer redis, IOptions<RadioOptions> options)
{
    private static readonly LuaScript ClaimScript = LuaScript.Prepare("""
        local out = redis.call('LRANGE', @ended, 0, tonumber(@max) - 1)
        redis.call('LTRIM', @ended, #out, -1)
        local due = redis.call('ZRANGEBYSCORE', @lastBeat, '-inf', @cutoff, 'LIMIT', 0, tonumber(@max))
        for _, listener in ipairs(due) do
          local key = 'radio:session:' .. listener
          local state = redis.call('GET', key)
          if state then
            table.insert(out, listener .. '|' .. state)
            redis.call('DEL', key)
          end
          redis.call('ZREM', @lastBeat, listener)
        end
        return out
        """);

    private readonly TimeSpan _timeout = options.Value.Listening.SessionTimeout;

    /// <summary>Takes up to about <paramref name="max"/> ended sessions (twice that at most) for this instance to write.</summary>
    public async Task<IReadOnlyList<EndedSession>> ClaimAsync(DateTimeOffset now, int max)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, new
        {
            ended = RedisKeys.StatsEnded,
            lastBeat = RedisKeys.LastBeat,
            cutoff = RedisKeys.Milliseconds(now - _timeout),
            max,
        });
        return [.. ((RedisResult[])result!).Select(r => Parse((string)r!))];
    }

    internal static string Entry(ListenerId listener, string state) => listener.Value + "|" + state;

    internal static EndedSession Parse(string entry)
    {
        // the state is the last five fields, with the listener's heartbeat window after them (RedisListeningSessions.Format);
        // a listener id may itself hold the separator
        entry = RedisListeningSessions.WithoutPermits(entry);
        var end = entry.Length;
        for (var fields = 0; fields < 5; fields++)
        {
            end = entry.LastIndexOf('|', end - 1);
        }

        var state = RedisListeningSessions.Parse(entry[(end + 1)..]);
        return EndedSession.Of(new ListenerId(entry[..end]), state);
    }
}
