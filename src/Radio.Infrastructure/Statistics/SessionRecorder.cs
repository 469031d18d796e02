using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Radio.Domain.Statistics;
using Radio.Infrastructure.Instances;

namespace Radio.Infrastructure.Statistics;

/// <summary>
/// Where sessions end: the session stores hand each ended session here, and every write interval the buffered ones
/// are written in one batch (<see cref="StatsWriter"/>). A failed batch stays buffered and is written again at the
/// next interval, before anything newer; a graceful shutdown writes what is buffered. With Redis, each write first
/// claims the sessions that ended on any instance (<see cref="RedisEndedSessions"/>), so each is written by one.
/// A crash loses what this instance had buffered, as it loses unwritten credit. At most
/// <see cref="StatisticsOptions.MaxBuffered"/> sessions wait: past it, while the database stays down, newer ones are
/// dropped, counted in a metric and logged once per write interval.
/// </summary>
[SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The SemaphoreSlim never allocates a wait handle; not disposing it lets the write at shutdown finish")]
internal sealed partial class SessionRecorder(
    StatsWriter writer, TimeProvider clock, IOptions<RadioOptions> options, ILogger<SessionRecorder> logger,
    IMeterFactory meters, RedisEndedSessions? shared = null) : BackgroundService
{
    private readonly ConcurrentQueue<EndedSession> _ended = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly StatisticsOptions _options = options.Value.Statistics;
    private readonly Counter<long> _dropped = meters.Create(Application.Common.RadioMeter.Name).CreateCounter<long>(
        "radio.statistics.dropped_sessions", "{session}", "Ended listening sessions dropped because too many were waiting for a write");
    private List<EndedSession> _batch = [];
    // the queue and the failed batch together; ConcurrentQueue.Count would walk its segments on every session
    private int _buffered;
    private int _droppedSinceLogged;

    /// <summary>Buffers an ended session for the next write, unless <see cref="StatisticsOptions.MaxBuffered"/> are waiting.</summary>
    public void Record(EndedSession session)
    {
        if (session.Listener.Value.Length > Persistence.Configurations.RecordedSessionConfiguration.MaxListenerIdLength)
        {
            return;
        }

        if (Interlocked.Increment(ref _buffered) > _options.MaxBuffered)
        {
            Interlocked.Decrement(ref _buffered);
            Interlocked.Increment(ref _droppedSinceLogged);
            _dropped.Add(1);
            return;
        }

        _ended.Enqueue(session);
    }

    /// <summary>Writes one batch of what has ended; false when the database (or Redis) failed, retried at the next.</summary>
    public async Task<bool> TryWriteAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        var dropped = Interlocked.Exchange(ref _droppedSinceLogged, 0);
        if (dropped > 0)
        {
            LogDropped(logger, dropped, _options.MaxBuffered);
        }

        try
        {
            if (shared is not null)
            {
                foreach (var session in await shared.ClaimAsync(clock.GetUtcNow(), _options.MaxBatch))
                {
                    Record(session);
                }
            }

            while (_batch.Count < _options.MaxBatch && _ended.TryDequeue(out var session))
            {
                _batch.Add(session);
            }

            await writer.WriteAsync(_batch, cancellationToken);
            Interlocked.Add(ref _buffered, -_batch.Count);
            _batch = [];
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogWriteFailed(logger, exception, _batch.Count);
            return false;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Whether sessions are waiting to be written.</summary>
    public bool HasBuffered => _batch.Count > 0 || !_ended.IsEmpty;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.WriteIntervalSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TryWriteAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: StopAsync writes what is left
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // batch after batch until nothing is left or the database fails
        while (HasBuffered && await TryWriteAsync(cancellationToken))
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} ended listening sessions to the statistics failed; they are written at the next interval")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} ended listening sessions from the statistics: {MaxBuffered} were already waiting for the database")]
    private static partial void LogDropped(ILogger logger, int count, int maxBuffered);
}
