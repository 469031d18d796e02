using Radio.Domain.Listening;
using Radio.Domain.Statistics;

namespace Radio.Bench.Stats;

/// <summary>Made-up ended sessions, the same for the same arguments, by start.</summary>
internal static class SessionSource
{
    public static EndedSession[] Generate(int count, int listeners, DateTimeOffset start, DateTimeOffset end, int seed)
    {
        var random = new Random(seed);
        var span = end - start;
        var starts = new long[count];
        for (var i = 0; i < starts.Length; i++)
        {
            starts[i] = (long)(random.NextDouble() * span.Ticks);
        }

        Array.Sort(starts);
        var sessions = new EndedSession[count];
        for (var i = 0; i < sessions.Length; i++)
        {
            var started = start.AddTicks(starts[i]);
            var length = Length(random);
            // a quarter of the sessions are anonymous listeners, the rest accounts
            var who = random.Next(listeners);
            var listener = who % 4 == 0 ? ListenerId.ForAnonymous(new Guid(who, 0, 0, new byte[8])) : ListenerId.ForUser(who + 1);
            sessions[i] = new EndedSession(listener, started, started + length, length.TotalSeconds * 0.97);
        }

        return sessions;
    }

    // most sessions are short, some last hours: every bucket gets sessions
    private static TimeSpan Length(Random random) =>
        TimeSpan.FromSeconds(Math.Min(6 * 3600, -Math.Log(1 - random.NextDouble()) * 900));
}
