using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
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
internal sealed partial class RedisHeartbeats(
    IConnectionMultiplexer redis, RedisListeningSessions sessions, RedisListenerTotals totals,
    RedisAnonymousListeners anonymous, RedisPlayCredits plays) : IHeartbeatLedger
{
    // KEYS: the heartbeat window, the session; ARGV: the window's length (ms), '' to take no permit, and the permits
    // it holds. Returns the permits taken and, when that is too many, the window's time to live (0 and 0 when none is
    // taken), and the session.
    private static readonly RedisScript ReadScript = new($$"""
        local taken, left = 0, 0
        if ARGV[1] ~= '' then
        {{RedisRateWindows.TakeLua}}
        end
        return { taken, left, redis.call('GET', KEYS[2]) }
        """);

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
            var read = (RedisResult[])(await ReadScript.EvaluateAsync(
                db, readKeys, [take ? WindowMs : RedisValue.EmptyString, permitsPerMinute ?? 0]))!;
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
            write.Add("session", RedisListeningSessions.WriteScript, step.Keys, step.Values);
            var credit = step.Beat.Credit;
            if (listener.UserId is { } userId)
            {
                var (keys, values) = totals.AddArguments(userId, credit, now);
                write.Add("totals", RedisListenerTotals.AddScript, keys, values);
            }
            else
            {
                var (keys, values) = anonymous.AddArguments(listener, credit, now);
                write.Add("anonymous", RedisAnonymousListeners.AddScript, keys, values);
            }

            // anonymous listeners too: their credit counts for the plays' listened seconds, though it earns no listen
            if (await plays.ArgumentsAsync(listener, credit, now, cancellationToken) is { } played)
            {
                write.Add("plays", RedisPlayCredits.CreditScript, played.Keys, played.Values);
            }

            var written = (RedisResult[])(await write.EvaluateAsync(db))!;
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

    /// <summary>
    /// The steps of one heartbeat's write, each a store's own script with its own KEYS and ARGV, run as one script:
    /// a step's <c>KEYS[n]</c> and <c>ARGV[n]</c> are renumbered past the steps before it (and <c>#ARGV</c>, which only
    /// the last step may use, counts its own), and its body runs as a function of its own, so its <c>return</c> ends
    /// only that step. Nothing is written when the first step, the session's, answers 0. Renumbering instead of
    /// slicing KEYS and ARGV into new tables at every call takes a sixth off Redis' time for the script. One script
    /// per layout (the steps and the sizes the renumbering depends on), composed once.
    /// </summary>
    internal sealed partial class WriteSteps
    {
        private static readonly ConcurrentDictionary<string, RedisScript> Scripts = new(StringComparer.Ordinal);
        private readonly List<(string Name, string Lua, int Keys, int Values)> _steps = new(4);
        // sized for the largest write (an account's, a song on the air), so no heartbeat regrows them
        private readonly List<RedisKey> _keys = new(16);
        private readonly List<RedisValue> _values = new(32);

        public void Add(string name, string lua, RedisKey[] keys, RedisValue[] values)
        {
            _steps.Add((name, lua, keys.Length, values.Length));
            _keys.AddRange(keys);
            _values.AddRange(values);
        }

        public Task<RedisResult> EvaluateAsync(IDatabaseAsync db)
        {
            return Scripts.GetOrAdd(Layout(), _ => new RedisScript(Compose(_steps))).EvaluateAsync(db, [.. _keys], [.. _values]);
        }

        /// <summary>The steps and the sizes before the last: its own change nothing in the script (a play step's grows with the plays on the air).</summary>
        private string Layout()
        {
            var layout = new StringBuilder(48);
            for (var i = 0; i < _steps.Count - 1; i++)
            {
                layout.Append(_steps[i].Name).Append(':').Append(_steps[i].Keys).Append(':').Append(_steps[i].Values).Append('|');
            }

            return layout.Append(_steps[^1].Name).ToString();
        }

        internal static string Compose(List<(string Name, string Lua, int Keys, int Values)> steps)
        {
            var lua = new StringBuilder("local out = {}\n");
            int keys = 0, values = 0;
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                if (i < steps.Count - 1 && (step.Lua.Contains("#KEYS", StringComparison.Ordinal) || step.Lua.Contains("#ARGV", StringComparison.Ordinal)))
                {
                    throw new InvalidOperationException($"Step {step.Name} counts its KEYS or ARGV, so it must be the last.");
                }

                var body = Indexed().Replace(step.Lua, m => Invariant(
                    $"{m.Groups[1].Value}[{m.Groups[2].Value} + {(m.Groups[1].Value == "KEYS" ? keys : values)}]"));
                body = body.Replace("#KEYS", Invariant($"(#KEYS - {keys})"), StringComparison.Ordinal)
                    .Replace("#ARGV", Invariant($"(#ARGV - {values})"), StringComparison.Ordinal);
                lua.Append(Invariant($"out[{i + 1}] = (function()\n{body}\nend)()\n"));
                if (i == 0)
                {
                    lua.Append("if out[1] == 0 then return { 0 } end\n");
                }

                keys += step.Keys;
                values += step.Values;
            }

            return lua.Append("return out").ToString();
        }

        private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

        [GeneratedRegex(@"\b(KEYS|ARGV)\[([^\[\]]+)\]")]
        private static partial Regex Indexed();
    }
}
