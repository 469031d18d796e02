using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Radio.Domain.Listening;
using Radio.Domain.Listens;
using Radio.Domain.Station;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Listens;

/// <summary>
/// The plays of the stored schedule a heartbeat can reach, read from the database at most once per song change or
/// <see cref="Refresh"/>, not per heartbeat. Every instance reads the same stored schedule, so a heartbeat's credit
/// falls on the same plays whichever instance takes it.
/// </summary>
internal sealed partial class AiredPlays(IServiceScopeFactory scopes, IOptions<RadioOptions> options, ILogger<AiredPlays> logger)
{
    /// <summary>How long a reading is used while the same song plays (a deletion may cut it short meanwhile).</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private Task<Snapshot>? _reading;
    private Snapshot? _snapshot;

    /// <summary>
    /// How far back a heartbeat's credit can reach: a beat credits at most the time since the previous one (less than
    /// a session timeout) plus the slack; the margin covers a clock that drifts.
    /// </summary>
    public TimeSpan Reach { get; } = options.Value.Listening.SessionTimeout + ListeningSession.ClockSlack + TimeSpan.FromSeconds(30);

    /// <summary>The plays on the air at some moment in the <see cref="Reach"/> before <paramref name="now"/>.</summary>
    public async ValueTask<IReadOnlyList<Play>> NearAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        Task<Snapshot> reading;
        lock (_gate)
        {
            if (_snapshot is { } fresh && fresh.Covers(now))
            {
                return fresh.Plays;
            }

            reading = _reading ??= ReadAsync(now);
        }

        var snapshot = await reading.WaitAsync(cancellationToken);
        lock (_gate)
        {
            if (ReferenceEquals(_reading, reading))
            {
                _reading = null;
                _snapshot = snapshot;
            }
        }

        // a reading started before the clock moved on may not cover now: read again, once
        return snapshot.Covers(now) ? snapshot.Plays : (await ReadAsync(now)).Plays;
    }

    private async Task<Snapshot> ReadAsync(DateTimeOffset now)
    {
        try
        {
            return await ReadStoredAsync(now);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // the database is down: the heartbeat still credits the listener's total, only no play gets the credit
            // until the schedule can be read again
            LogScheduleUnread(logger, exception);
            return new Snapshot(now, now + Refresh, []);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the schedule for listens failed; heartbeats credit no play until it can be read")]
    private static partial void LogScheduleUnread(ILogger logger, Exception exception);

    private async Task<Snapshot> ReadStoredAsync(DateTimeOffset now)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var from = now - Reach;
        var until = now + Refresh;
        var entries = await db.Set<ScheduleEntry>().AsNoTracking()
            .Where(e => e.EndsAt > from && e.StartsAt <= until && e.EndsAt > e.StartsAt)
            .OrderBy(e => e.StartsAt)
            .Select(e => new Play(e.Sequence, e.SongId, e.StartsAt, e.EndsAt, e.DurationSeconds))
            .ToListAsync();
        // good until the song playing now ends (the next one may be moved before it starts), and at most Refresh
        var playing = entries.Where(p => p.StartedAt <= now && now < p.EndsAt).Select(p => p.EndsAt).DefaultIfEmpty(until).Min();
        return new Snapshot(now, playing < until ? playing : until, entries);
    }

    private static readonly TimeSpan Lag = TimeSpan.FromSeconds(10);

    private sealed record Snapshot(DateTimeOffset ReadAt, DateTimeOffset ValidUntil, IReadOnlyList<Play> Plays)
    {
        // heartbeats taken just before the reading are covered too: Reach has a margin for them
        public bool Covers(DateTimeOffset now) => now >= ReadAt - Lag && now < ValidUntil;
    }
}
