using System.Globalization;
using Radio.Application.Common;
using Radio.Domain.Listening;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// A heartbeat in two Redis calls: one script takes the listener's permit and reads their session; the domain's
/// <see cref="ListeningSession"/> rules compute the new state here; a second script writes it only if the session is
/// still the one read and, in the same atomic step, adds the credit to the totals and the plays. On a conflict the
/// session is read again (the permit is not taken twice). Each store's own script is one step of the write, so the
/// rules of each stay in its class.
/// </summary>
internal sealed class RedisHeartbeats(
    IConnectionMultiplexer redis, RedisListeningSessions sessions, RedisListenerTotals totals,
    RedisAnonymousListeners anonymous, RedisPlayCredits plays) : IHeartbeatLedger
{
    // KEYS: the heartbeat window, the session; ARGV: the window's length (ms), '' to take no permit.
    // Returns the permits taken and the window's time to live (0 and 0 when none is taken), and the session.
    private const string ReadScript = """
        local taken, left = 0, 0
        if ARGV[1] ~= '' then
          taken = redis.call('INCR', KEYS[1])
          if taken == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
          left = redis.call('PTTL', KEYS[1])
        end
        return { taken, left, redis.call('GET', KEYS[2]) }
        """;

    // ARGV[1]: how many steps; then for each its name, key count and value count; then their values, in order.
    // Each step is a store's own script with its own KEYS and ARGV; nothing is written when the session step finds
    // the session changed. Returns each step's answer.
    private static readonly string WriteScript = $$"""
        local steps = {}
        steps.session = function(KEYS, ARGV)
        {{RedisListeningSessions.WriteScript}}
        end
        steps.totals = function(KEYS, ARGV)
        {{RedisListenerTotals.AddScript}}
        end
        steps.anonymous = function(KEYS, ARGV)
        {{RedisAnonymousListeners.AddScript}}
        end
        steps.plays = function(KEYS, ARGV)
        {{RedisPlayCredits.CreditScript}}
        end
        local function slice(all, from, count)
          local out = {}
          for i = 1, count do out[i] = all[from + i - 1] end
          return out
        end
        local count = tonumber(ARGV[1])
        local k, a, out = 1, 2 + 3 * count, {}
        for s = 1, count do
          local name, keys, values = ARGV[3 * s - 1], tonumber(ARGV[3 * s]), tonumber(ARGV[3 * s + 1])
          out[s] = steps[name](slice(KEYS, k, keys), slice(ARGV, a, values))
          if s == 1 and out[s] == 0 then return { 0 } end
          k, a = k + keys, a + values
        end
        return out
        """;

    private static readonly RedisValue WindowMs = (long)RedisRateWindows.Window.TotalMilliseconds;

    public async ValueTask<(SessionBeat Beat, long TotalSeconds)> RecordAsync(
        ListenerId listener, DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now, int? permitsPerMinute,
        CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        RedisKey[] readKeys = [RedisRateWindows.Key(IRateWindows.Heartbeats + listener.Value), RedisKeys.Session(listener)];
        var take = permitsPerMinute is not null;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = (RedisResult[])(await RedisKeys.Answer(db.ScriptEvaluateAsync(
                ReadScript, readKeys, [take ? WindowMs : RedisValue.EmptyString])))!;
            if (take && (long)read[0] > permitsPerMinute)
            {
                var wait = RedisRateWindows.Wait((long)read[1]);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)); // as the other 429s say it
                throw new TooManyRequestsException(
                    string.Create(CultureInfo.InvariantCulture, $"Too many requests; try again in {seconds} s."), wait);
            }

            take = false; // a read again after a conflict has its permit
            var step = sessions.Next(listener, (RedisValue)read[2], connectTime, playedSeconds, now);
            var write = new WriteSteps();
            write.Add("session", step.Keys, step.Values);
            var credit = step.Beat.Credit;
            if (listener.UserId is { } userId)
            {
                var (keys, values) = totals.AddArguments(userId, credit, now);
                write.Add("totals", keys, values);
            }
            else
            {
                var (keys, values) = anonymous.AddArguments(listener, credit, now);
                write.Add("anonymous", keys, values);
            }

            // anonymous listeners too: their credit counts for the plays' listened seconds, though it earns no listen
            if (await plays.ArgumentsAsync(listener, credit, now, cancellationToken) is { } played)
            {
                write.Add("plays", played.Keys, played.Values);
            }

            var written = (RedisResult[])(await RedisKeys.Answer(db.ScriptEvaluateAsync(WriteScript, [.. write.Keys], write.Values())))!;
            if ((long)written[0] == 1)
            {
                var total = written[1];
                return (step.Beat, listener.UserId is { } user
                    ? await totals.TotalAsync(user, ((RedisResult[])total!)[0], ((RedisResult[])total!)[1], cancellationToken)
                    : RedisAnonymousListeners.Whole(total));
            }

            RedisListeningSessions.ThrowWhenSpent(attempt);
        }
    }

    /// <summary>The steps of <see cref="WriteScript"/>: their names and sizes first, then their keys and values.</summary>
    private sealed class WriteSteps
    {
        private readonly List<RedisValue> _header = [];
        private readonly List<RedisValue> _values = [];

        public List<RedisKey> Keys { get; } = [];

        public void Add(string name, RedisKey[] keys, RedisValue[] values)
        {
            _header.AddRange([name, keys.Length, values.Length]);
            Keys.AddRange(keys);
            _values.AddRange(values);
        }

        public RedisValue[] Values() => [_header.Count / 3, .. _header, .. _values];
    }
}
