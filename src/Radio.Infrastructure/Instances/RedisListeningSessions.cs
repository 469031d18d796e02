using System.Globalization;
using Microsoft.Extensions.Options;
using Radio.Application.Common;
using Radio.Domain.Listening;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// The listening sessions of all instances, in Redis: a heartbeat may reach any instance, and each applies the
/// domain's <see cref="ListeningSession"/> rules to the state it reads, then writes it back in one script only if it
/// is still the state read (optimistic concurrency), else applies them again to the state the script answers. So
/// concurrent heartbeats of one listener apply one at a time wherever they land, and credit once.
/// <see cref="RedisHeartbeats"/> adds the credit in the same script.
/// </summary>
internal sealed class RedisListeningSessions(IConnectionMultiplexer redis, IOptions<RadioOptions> options) : IListeningSessions
{
    /// <summary>Reads that found the state changed before a heartbeat gives up (only a flood of one listener's heartbeats).</summary>
    internal const int MaxAttempts = 20;

    // KEYS: session, last heartbeats, statistics' ended sessions; ARGV: the state the new one follows ('' for none),
    // the new state, its lifetime (ms), listener, latest heartbeat (ms), the ended session replaced ('' for none).
    // Returns nothing when written; when the stored state is not the one given, leaves it and returns 0 and the stored
    // state (nil for none), so the caller applies the heartbeat to that without reading it again. The write reads the
    // state it replaces (one call where a read and a write took two) and puts it back in the rare case it was another
    // (another instance took the listener's heartbeat): nobody sees the state between, as the script is atomic.
    internal const string WriteScript = """
        local stored = redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3], 'GET')
        if (stored or '') ~= ARGV[1] then
          if stored then redis.call('SET', KEYS[1], stored, 'PX', ARGV[3]) else redis.call('DEL', KEYS[1]) end
          return { 0, stored }
        end
        redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
        if ARGV[6] ~= '' then redis.call('RPUSH', KEYS[3], ARGV[6]) end
        """;

    // an ended session is a new one whatever it holds: the key only has to outlive the timeout, and the listener's
    // heartbeat window that it holds too
    private static readonly TimeSpan KeyMargin = TimeSpan.FromSeconds(30);
    private readonly TimeSpan _timeout = options.Value.Listening.SessionTimeout;
    private readonly long _keyLifetimeMs = (long)Math.Max(
        (options.Value.Listening.SessionTimeout + KeyMargin).TotalMilliseconds, PermitWindow.Length.TotalMilliseconds);

    public async ValueTask<SessionBeat> BeatAsync(
        ListenerId listener, DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var read = await RedisKeys.Answer(db.StringGetAsync(RedisKeys.Session(listener)));
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // no permit is taken here (RedisHeartbeats takes it): the window read is kept as it is
            var stored = read.IsNull ? (StoredSession?)null : ParseStored(read!);
            var step = Next(listener, read, connectTime, playedSeconds, now, stored?.State, stored?.Permits ?? default);
            var written = await RedisKeys.Answer(db.ScriptEvaluateAsync(WriteScript, step.Keys, step.Values));
            if (written.IsNull)
            {
                return step.Beat;
            }

            ThrowWhenSpent(attempt);
            read = (RedisValue)((RedisResult[])written!)[1];
        }
    }

    /// <summary>
    /// The domain's rules applied to the state read (<paramref name="readState"/> when the caller has it parsed
    /// already): the beat, and what <see cref="WriteScript"/> takes to store it with the listener's heartbeat
    /// <paramref name="permits"/>.
    /// </summary>
    internal SessionStep Next(
        ListenerId listener, RedisValue read, DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now, SessionState? readState = null,
        PermitWindow permits = default)
    {
        var session = read.IsNull ? null : ListeningSession.Restore(readState ?? Parse(read!));
        SessionBeat beat;
        var replacedEnded = "";
        if (session is null || session.HasEnded(now, _timeout))
        {
            // the statistics get the ended session from the same script that replaces it
            replacedEnded = session is null ? "" : RedisEndedSessions.Entry(listener, read!);
            session = ListeningSession.Start(connectTime, playedSeconds, now);
            beat = session.FirstBeat;
        }
        else
        {
            beat = session.Beat(connectTime, playedSeconds, now);
        }

        var lastBeat = RedisKeys.Milliseconds(session.LastBeatAt);
        var stored = Format(session.State, permits);
        return new SessionStep(
            beat,
            session.State,
            [RedisKeys.Session(listener), RedisKeys.LastBeat, RedisKeys.StatsEnded],
            [
                read.IsNull ? "" : read, stored, _keyLifetimeMs,
                listener.Value, lastBeat, replacedEnded,
            ]);
    }

    internal static void ThrowWhenSpent(int attempt)
    {
        if (attempt >= MaxAttempts)
        {
            throw new ServiceUnavailableException("The listener's session changed on every try; try again in a few seconds.");
        }
    }

    public async ValueTask<int> CountLiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // listeners whose latest heartbeat is a timeout old have ended (the statistics' claim removes them)
        var since = RedisKeys.Milliseconds(now - _timeout);
        return (int)await RedisKeys.Answer(redis.GetDatabase().SortedSetLengthAsync(RedisKeys.LastBeat, since, double.PositiveInfinity, Exclude.Start));
    }

    /// <summary>
    /// A session as stored: its state's five fields, then the listener's heartbeat window when one was taken, after
    /// <see cref="PermitsSeparator"/> (an older version's value has none, and reads as no permit taken).
    /// </summary>
    internal static string Format(SessionState s, PermitWindow permits = default)
    {
        // formatted into the one string written (every heartbeat formats two: the hint's and the new state)
        var (startedAt, connectTime, lastBeatAt) = (s.StartedAt.UtcTicks, s.ConnectTime.UtcTicks, s.LastBeatAt.UtcTicks);
        return permits.Taken == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{startedAt}|{connectTime}|{s.PlayedSeconds:R}|{lastBeatAt}|{s.CreditedSeconds:R}")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{startedAt}|{connectTime}|{s.PlayedSeconds:R}|{lastBeatAt}|{s.CreditedSeconds:R}{PermitsSeparator}{permits.StartMs}{PermitsSeparator}{permits.Taken}");
    }

    /// <summary>What sets the heartbeat window apart from the state: a character no field of the state holds.</summary>
    internal const char PermitsSeparator = ';';

    /// <summary>The state's part of a stored value (an ended session's entry ends with one), without the window.</summary>
    internal static string WithoutPermits(string value) =>
        value.IndexOf(PermitsSeparator, Math.Max(0, value.LastIndexOf('|'))) is var at and >= 0 ? value[..at] : value;

    internal static SessionState Parse(string value) => ParseStored(value).State;

    internal static StoredSession ParseStored(string value)
    {
        var permitsAt = value.IndexOf(PermitsSeparator, StringComparison.Ordinal);
        var parts = (permitsAt < 0 ? value : value[..permitsAt]).Split('|');
        var state = new SessionState(
            Ticks(parts[0]), Ticks(parts[1]), double.Parse(parts[2], CultureInfo.InvariantCulture),
            Ticks(parts[3]), double.Parse(parts[4], CultureInfo.InvariantCulture));
        if (permitsAt < 0)
        {
            return new StoredSession(state, default);
        }

        var window = value[(permitsAt + 1)..].Split(PermitsSeparator);
        return new StoredSession(
            state,
            new PermitWindow(long.Parse(window[0], CultureInfo.InvariantCulture), int.Parse(window[1], CultureInfo.InvariantCulture)));

        static DateTimeOffset Ticks(string part) => new(long.Parse(part, CultureInfo.InvariantCulture), TimeSpan.Zero);
    }
}

/// <summary>A listener's session as stored: its state and their heartbeat window.</summary>
internal readonly record struct StoredSession(SessionState State, PermitWindow Permits);

/// <summary>
/// A listener's heartbeat permits: a fixed window of <see cref="Length"/> from the first permit (Unix ms), and the
/// permits taken in it. It is kept in the listener's session value, so a heartbeat takes its permit in the session's
/// write, conditioned on the value read like the rest of it: no call of its own, and one window over all instances.
/// </summary>
internal readonly record struct PermitWindow(long StartMs, int Taken)
{
    public static readonly TimeSpan Length = RedisRateWindows.Window;
    private static readonly long LengthMs = (long)Length.TotalMilliseconds;

    /// <summary>
    /// The window with one more permit taken at <paramref name="now"/>: this one, or a new one once it has passed. An
    /// instance whose clock is a little behind the one that opened the window counts in it too; a clock stepped back
    /// by more than a window opens a new one rather than making the listener wait for it.
    /// </summary>
    public PermitWindow Take(DateTimeOffset now)
    {
        var ms = RedisKeys.Milliseconds(now);
        return Taken > 0 && ms < StartMs + LengthMs && ms > StartMs - LengthMs ? this with { Taken = Taken + 1 } : new PermitWindow(ms, 1);
    }

    /// <summary>How long until the window has passed, as a 429's Retry-After tells it.</summary>
    public TimeSpan Left(DateTimeOffset now) =>
        TimeSpan.FromMilliseconds(Math.Clamp(StartMs + LengthMs - RedisKeys.Milliseconds(now), 1, LengthMs));
}

/// <summary>A heartbeat applied to the session read: its beat, the new state, and the keys and values that store it.</summary>
internal sealed record SessionStep(SessionBeat Beat, SessionState State, RedisKey[] Keys, RedisValue[] Values);
