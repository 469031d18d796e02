using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Radio.Domain.Library;
using Radio.Infrastructure.Media;

namespace Radio.Infrastructure.Station;

/// <summary>The worker where ffmpeg is missing: it renders nothing, and puts on the air only what already fits the stream.</summary>
internal sealed partial class RenditionWorker
{
    /// <summary>Without ffmpeg: each waiting song is looked at once per run, and goes on the air if it already has the station's format.</summary>
    private async Task CheckAsUploadedAsync(StationSound sound, CancellationToken stoppingToken)
    {
        const int Batch = 50;
        var after = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var waiting = await QueueAsync(q => q.WaitingAsync(after, Batch, stoppingToken));
                if (waiting.Count == 0)
                {
                    await Task.Delay(Poll, clock, stoppingToken);
                    continue;
                }

                foreach (var song in waiting)
                {
                    after = song.SongId;
                    await CheckAsUploadedAsync(song, sound, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogQueueFailed(logger, e);
                await Task.Delay(Poll * 5, clock, stoppingToken);
            }
        }
    }

    private async Task CheckAsUploadedAsync(RenditionWork song, StationSound sound, CancellationToken cancellationToken)
    {
        Mp3Analysis analysis;
        await using var scope = scopes.CreateAsyncScope();
        await using (var stream = scope.ServiceProvider.GetRequiredService<IMediaStore>().OpenRead(song.AudioKey))
        {
            if (stream is null)
            {
                return;
            }

            analysis = await Mp3Analyzer.AnalyzeAsync(stream, cancellationToken);
        }

        if (!sound.Carries(analysis))
        {
            LogOffAirWithoutFfmpeg(logger, song.SongId);
            return;
        }

        if (await QueueAsync(q => q.ReadyAsUploadedAsync(song.SongId, cancellationToken)))
        {
            await PublishReadyAsync(song.SongId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "ffmpeg was not found ('{Ffmpeg}', Radio:Station:Ffmpeg): songs are not loudness-normalised, and only songs already at {SampleRate} Hz with {Channels} channel(s) go on the air; install ffmpeg (apt-get install ffmpeg) to render the others")]
    private static partial void LogFfmpegMissing(ILogger logger, string ffmpeg, int sampleRate, int channels);

    [LoggerMessage(Level = LogLevel.Information, Message = "Song {SongId} stays off the air until ffmpeg renders it: its frames are not in the station's format")]
    private static partial void LogOffAirWithoutFfmpeg(ILogger logger, int songId);
}
