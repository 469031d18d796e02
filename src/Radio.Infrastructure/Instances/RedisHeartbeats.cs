using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Radio.Application.Common;
using Radio.Domain.Listening;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// A heartbeat in one Redis call when this instance took the listener's last one: the domain's
/// <see cref="ListeningSession"/> rules are applied here to the session this instance last stored
/// (<see cref="SessionHints"/>), and one script takes the listener's permit, writes the new session only if the stored
/// one is still that, and in the same atomic step adds the credit to the totals and the plays. When the stored session
/// is another (the heartbeat before went to another instance), the script writes nothing and answers it, the rules
/// are applied to that, and a second call writes (the permit is not taken twice): two calls, as reading first would
/// take. Each store's own script is one step of the write, so the rules of each stay in its class.
/// </summary>
internal sealed partial class RedisHeartbeats(
    IConnectionMultiplexer redis, RedisListeningSessions sessions, RedisListenerTotals totals,
    RedisAnonymousListeners anonymous, RedisPlayCredits plays) : IHeartbeatLedger
{
    // KEYS: the heartbeat window; ARGV: the window's length (ms), '' to take no permit, and the permits it holds.
    // Returns nothing when a permit is taken or none is asked for; -1 and the window's time to live when it is one too many.
    private const string PermitStep = $$"""
        if ARGV[1] == '' then return end
        local taken, left = 0, 0
        {{RedisRateWindows.TakeLua}}
        if taken > tonumber(ARGV[2]) then return { -1, left } end
        """;

    private static readonly RedisValue WindowMs = (long)RedisRateWindows.Window.TotalMilliseconds;
    private readonly SessionHints _hints = new();

    public async ValueTask<(SessionBeat Beat, long TotalSeconds)> RecordAsync(
        ListenerId listener, DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now, int? permitsPerMinute,
        CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        RedisKey[] permitKeys = [RedisRateWindows.Key(IRateWindows.Heartbeats + listener.Value)];
        var take = permitsPerMinute is not null;
        var (read, readState) = _hints.Get(listener);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = sessions.Next(listener, read, connectTime, playedSeconds, now, readState);
            var write = new WriteSteps();
            write.AddGuard("permit", PermitStep, permitKeys, [take ? WindowMs : RedisValue.EmptyString, permitsPerMinute ?? 0]);
            write.AddGuard("session", RedisListeningSessions.WriteScript, step.Keys, step.Values);
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
            switch ((long)written[0])
            {
                case -1:
                    var wait = RedisRateWindows.Wait((long)written[1]);
                    var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)); // as the other 429s say it
                    throw new TooManyRequestsException(
                        string.Create(CultureInfo.InvariantCulture, $"Too many requests; try again in {seconds} s."), wait);
                case 0:
                    RedisListeningSessions.ThrowWhenSpent(attempt);
                    take = false; // the permit is taken
                    read = (RedisValue)written[1];
                    readState = null;
                    continue;
            }

            _hints.Set(listener, step.State);
            var total = written[2];
            return (step.Beat, listener.UserId is { } user
                ? await totals.TotalAsync(user, ((RedisResult[])total!)[0], ((RedisResult[])total!)[1], cancellationToken)
                : RedisAnonymousListeners.Whole(total));
        }
    }

    /// <summary>
    /// The steps of one heartbeat's write, each a store's own script with its own KEYS and ARGV, run as one script:
    /// a step's <c>KEYS[n]</c> and <c>ARGV[n]</c> are renumbered past the steps before it (and <c>#ARGV</c>, which only
    /// the last step may use, counts its own), and its body runs as a function of its own, so its <c>return</c> ends
    /// only that step. A guard's answer, when it gives one, is the script's: the steps after it do not run (so guards
    /// come first, and write nothing they would not keep); the result holds 1 for each guard that let them.
    /// Renumbering instead of slicing KEYS and ARGV into new tables at every call takes a sixth off Redis' time for
    /// the script. One script per layout (the steps and the sizes the renumbering depends on), composed once.
    /// </summary>
    internal sealed partial class WriteSteps
    {
        private static readonly ConcurrentDictionary<string, RedisScript> Scripts = new(StringComparer.Ordinal);
        private readonly List<(string Name, string Lua, int Keys, int Values, bool Guard)> _steps = new(4);
        // sized for the largest write (an account's, a song on the air), so no heartbeat regrows them
        private readonly List<RedisKey> _keys = new(16);
        private readonly List<RedisValue> _values = new(32);

        public void Add(string name, string lua, RedisKey[] keys, RedisValue[] values) => Add(name, lua, keys, values, guard: false);

        /// <summary>A step that lets the steps after it run by answering nothing, or answers for the whole script.</summary>
        public void AddGuard(string name, string lua, RedisKey[] keys, RedisValue[] values) => Add(name, lua, keys, values, guard: true);

        private void Add(string name, string lua, RedisKey[] keys, RedisValue[] values, bool guard)
        {
            _steps.Add((name, lua, keys.Length, values.Length, guard));
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

        internal static string Compose(List<(string Name, string Lua, int Keys, int Values, bool Guard)> steps)
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
                if (step.Guard)
                {
                    lua.Append(Invariant($"if out[{i + 1}] then return out[{i + 1}] end\nout[{i + 1}] = 1\n"));
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
