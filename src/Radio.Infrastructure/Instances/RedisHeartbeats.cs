using System.Runtime.CompilerServices;
using Radio.Application.Common;
using Radio.Domain.Listening;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// A heartbeat in one Redis call when this instance took the listener's last one: the domain's
/// <see cref="ListeningSession"/> rules are applied here to the session this instance last stored
/// (<see cref="SessionHints"/>), the listener's heartbeat permit is taken from the window stored with it
/// (<see cref="PermitWindow"/>), and one atomic step writes the new session and window only if the stored one is
/// still that, and adds the credit to the totals and the plays. When the stored session is another (the heartbeat
/// before went to another instance), the step writes nothing and answers it, the rules and the permit are applied to
/// that, and a second call writes: two calls, as reading first would take. Each store's own
/// script is one step of the write, so the rules of each stay in its class; the heartbeats that arrive together go to
/// Redis together (<see cref="HeartbeatWrites"/>).
/// </summary>
internal sealed class RedisHeartbeats(
    HeartbeatWrites writes, RedisListeningSessions sessions, RedisListenerTotals totals,
    RedisAnonymousListeners anonymous, RedisPlayCredits plays) : IHeartbeatLedger
{
    private readonly SessionHints _hints = new();

    // pooled: with Redis a heartbeat waits here, so each frame's state would otherwise live past a gen0 collection
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(SessionBeat Beat, long TotalSeconds)> RecordAsync(
        ListenerId listener, DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now, int? permitsPerMinute,
        CancellationToken cancellationToken)
    {
        var (read, readSession) = _hints.Get(listener);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stored = readSession ?? (read.IsNull ? null : RedisListeningSessions.ParseStored(read!));
            var permits = stored?.Permits ?? default;
            if (permitsPerMinute is { } perMinute)
            {
                // taken from the window read: written with the session if the stored value is still that one, else
                // taken again from the stored one. A spent window refuses at once, with nothing written: a window read
                // from a hint that is still open can only have more permits taken in Redis, never fewer
                permits = permits.Take(now);
                if (permits.Taken > perMinute)
                {
                    throw TooManyRequestsException.After(permits.Left(now));
                }
            }

            var step = sessions.Next(listener, read, connectTime, playedSeconds, now, stored?.State, permits);
            var write = new WriteSteps();
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
            if ((long)written[0] == 0)
            {
                // another instance took the listener's heartbeat: the rules again, on the state it stored
                RedisListeningSessions.ThrowWhenSpent(attempt);
                read = (RedisValue)written[1];
                readSession = null;
                continue;
            }

            _hints.Set(listener, new StoredSession(step.State, permits));
            var total = written[1];
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
        internal const int Session = 1, Totals = 2, Anonymous = 3, Plays = 4;

        /// <summary>Every step a heartbeat's write may hold, by its number from 1: the guards first.</summary>
        internal static readonly IReadOnlyList<(string Name, string Lua, bool Guard)> Known =
        [
            ("session", RedisListeningSessions.WriteScript, true),
            ("totals", RedisListenerTotals.AddScript, false),
            ("anonymous", RedisAnonymousListeners.AddScript, false),
            ("plays", RedisPlayCredits.CreditScript, false),
        ];

        private const int MaxSteps = 3; // the session, the listener's totals and the plays

        private readonly (int Step, RedisKey[] Keys, RedisValue[] Values)[] _steps = new (int, RedisKey[], RedisValue[])[MaxSteps];
        private int _count;

        /// <summary>The KEYS this write adds to its batch.</summary>
        public int KeyCount { get; private set; }

        /// <summary>The ARGV this write adds to its batch: its number of steps, each step's layout and its values.</summary>
        public int ValueCount { get; private set; } = 1;

        public void Add(int step, RedisKey[] keys, RedisValue[] values)
        {
            _steps[_count++] = (step, keys, values);
            KeyCount += keys.Length;
            ValueCount += 3 + values.Length;
        }

        /// <summary>
        /// This write as one heartbeat of a batch, from <paramref name="key"/> and <paramref name="value"/> on (moved past
        /// it): its number of steps, each step's layout, then its steps' values; its steps' keys.
        /// </summary>
        public void CopyTo(RedisKey[] keys, ref int key, RedisValue[] values, ref int value)
        {
            values[value++] = _count;
            for (var i = 0; i < _count; i++)
            {
                var (step, stepKeys, stepValues) = _steps[i];
                values[value++] = step;
                values[value++] = stepKeys.Length;
                values[value++] = stepValues.Length;
            }

            for (var i = 0; i < _count; i++)
            {
                var (_, stepKeys, stepValues) = _steps[i];
                stepValues.CopyTo(values, value);
                value += stepValues.Length;
                stepKeys.CopyTo(keys, key);
                key += stepKeys.Length;
            }
        }
    }
}
