using System.Globalization;
using Radio.Application.Common;
using Radio.Domain.Listening;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// A heartbeat in one Redis call when this instance took the listener's last one: the domain's
/// <see cref="ListeningSession"/> rules are applied here to the session this instance last stored
/// (<see cref="SessionHints"/>), and one atomic step takes the listener's permit, writes the new session only if the
/// stored one is still that, and adds the credit to the totals and the plays. When the stored session is another (the
/// heartbeat before went to another instance), the step writes nothing and answers it, the rules are applied to that,
/// and a second call writes (the permit is not taken twice): two calls, as reading first would take. Each store's own
/// script is one step of the write, so the rules of each stay in its class; the heartbeats that arrive together go to
/// Redis together (<see cref="HeartbeatWrites"/>).
/// </summary>
internal sealed class RedisHeartbeats(
    HeartbeatWrites writes, RedisListeningSessions sessions, RedisListenerTotals totals,
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
        RedisKey[] permitKeys = [RedisRateWindows.Key(IRateWindows.Heartbeats + listener.Value)];
        var take = permitsPerMinute is not null;
        var (read, readState) = _hints.Get(listener);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = sessions.Next(listener, read, connectTime, playedSeconds, now, readState);
            var write = new WriteSteps();
            write.Add(WriteSteps.Permit, permitKeys, [take ? WindowMs : RedisValue.EmptyString, permitsPerMinute ?? 0]);
            write.Add(WriteSteps.Session, step.Keys, step.Values);
            var credit = step.Beat.Credit;
            if (listener.UserId is { } userId)
            {
                var (keys, values) = totals.AddArguments(userId, credit, now);
                write.Add(WriteSteps.Totals, keys, values);
            }
            else
            {
                var (keys, values) = anonymous.AddArguments(listener, credit, now);
                write.Add(WriteSteps.Anonymous, keys, values);
            }

            // anonymous listeners too: their credit counts for the plays' listened seconds, though it earns no listen
            if (await plays.ArgumentsAsync(listener, credit, now, cancellationToken) is { } played)
            {
                write.Add(WriteSteps.Plays, played.Keys, played.Values);
            }

            var written = (RedisResult[])(await writes.WriteAsync(write))!;
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
    /// The steps of one heartbeat's write, each a store's own script (one of <see cref="Known"/>) with its own KEYS and
    /// ARGV, run in turn by <see cref="HeartbeatWrites"/> in one atomic step.
    /// </summary>
    internal sealed class WriteSteps
    {
        internal const int Permit = 1, Session = 2, Totals = 3, Anonymous = 4, Plays = 5;

        /// <summary>Every step a heartbeat's write may hold, by its number from 1: the guards first.</summary>
        internal static readonly IReadOnlyList<(string Name, string Lua, bool Guard)> Known =
        [
            ("permit", PermitStep, true),
            ("session", RedisListeningSessions.WriteScript, true),
            ("totals", RedisListenerTotals.AddScript, false),
            ("anonymous", RedisAnonymousListeners.AddScript, false),
            ("plays", RedisPlayCredits.CreditScript, false),
        ];

        // sized for the largest write (an account's, a song on the air), so no heartbeat regrows them
        private readonly List<RedisValue> _layout = new(13);
        private readonly List<RedisKey> _keys = new(12);
        private readonly List<RedisValue> _values = new(32);

        public void Add(int step, RedisKey[] keys, RedisValue[] values)
        {
            _layout.Add(step);
            _layout.Add(keys.Length);
            _layout.Add(values.Length);
            _keys.AddRange(keys);
            _values.AddRange(values);
        }

        /// <summary>This write as one heartbeat of a batch: its number of steps, each step's layout, then its values.</summary>
        public void AppendTo(List<RedisKey> keys, List<RedisValue> values)
        {
            values.Add(_layout.Count / 3);
            values.AddRange(_layout);
            values.AddRange(_values);
            keys.AddRange(_keys);
        }
    }
}
