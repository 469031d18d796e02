using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Radio.Application.Station;
using Radio.Domain.Library;
using Radio.Domain.Station;

namespace Radio.Infrastructure.Station;

/// <summary>
/// The station's one producer: follows the stored schedule, reads the current song's MP3 once (from the scheduled
/// position, on a frame boundary) and publishes the frames that have come due every tick to the shared
/// <see cref="Broadcast"/>. Audio is timed against the schedule, not against the previous tick, so the stream
/// neither drifts nor speeds up; listeners only ever read the broadcast. The entry it follows is put
/// <see cref="OnAir"/>, for the live events.
/// </summary>
internal sealed partial class StationProducer(
    IServiceScopeFactory scopes, Broadcast broadcast, OnAir onAir, IOptions<StationOptions> options,
    TimeProvider clock, ILogger<StationProducer> logger) : BackgroundService
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxCatchUp = TimeSpan.FromSeconds(1);

    private Playing? _playing;
    private DateTimeOffset _cursor;
    private DateTimeOffset _refreshedAt = DateTimeOffset.MinValue;
    private long _unplayable;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = TimeSpan.FromMilliseconds(options.Value.ChunkMilliseconds);
        using var timer = new PeriodicTimer(tick, clock);
        _cursor = clock.GetUtcNow();
        try
        {
            do
            {
                try
                {
                    await StepAsync(tick, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // a database or file hiccup: try again from the schedule on the next tick
                    LogFailed(logger, e);
                    _playing = null;
                    _refreshedAt = DateTimeOffset.MinValue;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            broadcast.GoOffAir();
            onAir.Air(null);
        }
    }

    private async Task StepAsync(TimeSpan tick, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _cursor > MaxCatchUp)
        {
            // stalled (or nothing to play for a while): rejoin the schedule live rather than flood listeners
            _cursor = now;
            _playing = null;
        }

        if (_playing is null || _cursor >= _playing.Entry.EndsAt || now - _refreshedAt >= RefreshInterval)
        {
            _refreshedAt = now;
            await FollowScheduleAsync(tick, cancellationToken);
        }

        if (_playing is null)
        {
            _cursor = now;
            return;
        }

        var (entry, audio, title) = (_playing.Entry, _playing.Audio, _playing.Title);
        var until = now < entry.EndsAt ? now : entry.EndsAt;
        var first = _playing.NextFrame;
        var end = first;
        while (end < audio.FrameCount && entry.StartsAt + audio.StartOf(end) < until)
        {
            end++;
        }

        if (end > first)
        {
            broadcast.Publish(new BroadcastChunk(audio.Frames(first, end), title, audio.StartOf(end) - audio.StartOf(first)));
            _playing = _playing with { NextFrame = end };
        }

        _cursor = entry.StartsAt + audio.StartOf(end);
        if (end == audio.FrameCount || _cursor >= entry.EndsAt)
        {
            // the song is over (or was cut short): the next entry starts at the scheduled end
            _cursor = entry.EndsAt > _cursor ? entry.EndsAt : _cursor;
        }
    }

    private async Task FollowScheduleAsync(TimeSpan tick, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var schedule = scope.ServiceProvider.GetRequiredService<IStationSchedule>();
        var upcoming = await schedule.UpcomingAsync(_cursor, cancellationToken);
        var entry = upcoming.FirstOrDefault(e => e.StartsAt <= _cursor + tick);
        onAir.Air(entry); // by the schedule, like now-playing: an entry whose audio is missing is still on the air
        if (entry is null)
        {
            _playing = null;
            if (upcoming.Count == 0 && broadcast.OnAir && await schedule.IsLibraryEmptyAsync(cancellationToken))
            {
                LogOffAir(logger);
                broadcast.GoOffAir();
            }

            return;
        }

        if (_playing is not null && _playing.Entry.Sequence == entry.Sequence)
        {
            _playing = _playing with { Entry = entry }; // it may have been cut short
            return;
        }

        if (entry.Sequence == _unplayable)
        {
            _playing = null; // its audio is missing: silence until the next entry, without retrying every tick
            return;
        }

        _playing = await OpenAsync(scope.ServiceProvider, schedule, entry, cancellationToken);
        _unplayable = _playing is null ? entry.Sequence : 0;
    }

    private async Task<Playing?> OpenAsync(
        IServiceProvider services, IStationSchedule schedule, ScheduleEntry entry, CancellationToken cancellationToken)
    {
        var key = await schedule.AudioKeyAsync(entry.SongId, cancellationToken);
        var view = await services.GetRequiredService<ISongCatalog>().FindViewAsync(entry.SongId, cancellationToken);
        await using var stream = key is null ? null : services.GetRequiredService<IMediaStore>().OpenRead(key);
        if (stream is null || view is null)
        {
            LogMissing(logger, entry.SongId);
            return null;
        }

        // one song in memory at a time; every chunk is a slice of it, shared by all listeners
        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        var audio = StationAudio.Read(bytes, StationSound.From(options.Value));
        var start = audio.FrameAt(entry.PositionAt(_cursor));
        LogPlaying(logger, entry.Sequence, entry.SongId, start);
        return new Playing(entry, audio, StreamTitle.For(view.ArtistNames, view.Title), start);
    }

    private sealed record Playing(ScheduleEntry Entry, SongAudio Audio, StreamTitle Title, int NextFrame);

    [LoggerMessage(Level = LogLevel.Information, Message = "On air: entry {Sequence}, song {SongId}, from frame {Frame}")]
    private static partial void LogPlaying(ILogger logger, long sequence, int songId, int frame);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Song {SongId} is scheduled but its audio is gone; skipping it")]
    private static partial void LogMissing(ILogger logger, int songId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Off air: the library is empty")]
    private static partial void LogOffAir(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The station producer failed a step")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
