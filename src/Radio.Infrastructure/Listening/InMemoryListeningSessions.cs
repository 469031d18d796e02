using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Radio.Domain.Listening;
using Radio.Domain.Statistics;
using Radio.Infrastructure.Statistics;

namespace Radio.Infrastructure.Listening;

/// <summary>
/// The sessions of this server instance, in memory. Each session is its own lock, so heartbeats of one listener
/// apply one at a time while different listeners never wait for each other.
/// Every session that ends (timed out and removed, replaced by a new one, or forgotten) goes to the statistics.
/// </summary>
internal sealed class InMemoryListeningSessions(IOptions<RadioOptions> options, SessionRecorder? recorder = null) : IListeningSessions
{
    private readonly ConcurrentDictionary<ListenerId, ListeningSession> _sessions = new();
    private readonly TimeSpan _timeout = options.Value.Listening.SessionTimeout;

    // now-playing asks for the count on every request: a scan of every session is reused for up to a second,
    // unless a session has started since (a session that times out meanwhile is counted that second longer)
    private static readonly TimeSpan CountReuse = TimeSpan.FromSeconds(1);
    private long _sessionsStarted;
    private LiveCount? _lastCount;

    private sealed record LiveCount(DateTimeOffset At, long SessionsStarted, int Live);

    public ValueTask<SessionBeat> BeatAsync(
        ListenerId listener, DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Beat(listener, connectTime, playedSeconds, now));

    public ValueTask<int> CountLiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = Interlocked.Read(ref _sessionsStarted);
        if (Volatile.Read(ref _lastCount) is { } last && last.SessionsStarted == started
            && now >= last.At && now - last.At < CountReuse)
        {
            return ValueTask.FromResult(last.Live);
        }

        var live = 0;
        foreach (var (_, session) in _sessions)
        {
            lock (session)
            {
                live += session.HasEnded(now, _timeout) ? 0 : 1;
            }
        }

        Volatile.Write(ref _lastCount, new LiveCount(now, started, live));
        return ValueTask.FromResult(live);
    }

    /// <summary>Forgets the sessions that have ended; returns how many.</summary>
    public int RemoveEnded(DateTimeOffset now)
    {
        var removed = 0;
        foreach (var (listener, session) in _sessions)
        {
            lock (session)
            {
                if (session.HasEnded(now, _timeout) && _sessions.TryRemove(KeyValuePair.Create(listener, session)))
                {
                    recorder?.Record(EndedSession.Of(listener, session.State));
                    removed++;
                }
            }
        }

        return removed;
    }

    /// <summary>
    /// Ends every session, live or not, as the process stops: they live in its memory only, so a listener's next
    /// heartbeat, to the restarted server, starts a new one. Each goes to the statistics like any other ended session.
    /// </summary>
    public void EndAll()
    {
        foreach (var (listener, _) in _sessions)
        {
            Forget(listener);
        }
    }

    /// <summary>Drops the listener's session, live or not, as when an anonymous listener is forgotten.</summary>
    public void Forget(ListenerId listener)
    {
        if (_sessions.TryGetValue(listener, out var session))
        {
            lock (session)
            {
                if (_sessions.TryRemove(KeyValuePair.Create(listener, session)))
                {
                    recorder?.Record(EndedSession.Of(listener, session.State));
                }
            }
        }
    }

    private SessionBeat Beat(ListenerId listener, DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now)
    {
        while (true)
        {
            if (_sessions.TryGetValue(listener, out var session))
            {
                lock (session)
                {
                    // replaced or removed while this beat waited for the lock: start over with the current one
                    if (!IsCurrent(listener, session))
                    {
                        continue;
                    }

                    if (!session.HasEnded(now, _timeout))
                    {
                        return session.Beat(connectTime, playedSeconds, now);
                    }

                    recorder?.Record(EndedSession.Of(listener, session.State));
                    var next = ListeningSession.Start(connectTime, playedSeconds, now);
                    _sessions[listener] = next;
                    Interlocked.Increment(ref _sessionsStarted);
                    return next.FirstBeat;
                }
            }

            // only the beat that adds the session gets its credit; a loser of the race beats the winner's session
            var fresh = ListeningSession.Start(connectTime, playedSeconds, now);
            if (_sessions.TryAdd(listener, fresh))
            {
                Interlocked.Increment(ref _sessionsStarted);
                return fresh.FirstBeat;
            }
        }
    }

    private bool IsCurrent(ListenerId listener, ListeningSession session) =>
        _sessions.TryGetValue(listener, out var current) && ReferenceEquals(current, session);
}
