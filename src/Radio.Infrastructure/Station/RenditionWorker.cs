using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Radio.Application.Library;
using Radio.Application.Station;
using Radio.Domain.Library;

namespace Radio.Infrastructure.Station;

/// <summary>
/// Makes the station renditions this instance can claim, <see cref="StationOptions.RenditionWorkers"/> at a time,
/// and tells the programme when a song is ready. Without ffmpeg it only puts on the air, as uploaded, the songs
/// whose frames already have the station's rate and channels.
/// </summary>
internal sealed partial class RenditionWorker(
    IServiceScopeFactory scopes, IOptions<StationOptions> options, TimeProvider clock,
    ILogger<RenditionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // start-up goes on while the first claim is made
        var o = options.Value;
        var sound = StationSound.From(o);
        var ffmpeg = FfmpegLocation.Find(o.Ffmpeg);
        if (ffmpeg is null)
        {
            LogFfmpegMissing(logger, o.Ffmpeg, sound.SampleRate, sound.Channels);
            await CheckAsUploadedAsync(sound, stoppingToken);
            return;
        }

        var renderer = new FfmpegRenderer(ffmpeg, FfmpegLocation.FindNice(), sound);
        await Task.WhenAll(Enumerable.Range(0, o.RenditionWorkers).Select(_ => RenderLoopAsync(renderer, stoppingToken)));
    }

    /// <summary>A fresh owner for each claim, so two loops of one instance never pass for each other's claim.</summary>
    private static string Owner()
    {
        var owner = $"{Guid.NewGuid():N}/{Environment.ProcessId}/{Environment.MachineName}";
        return owner.Length <= Song.MaxRenditionOwnerLength ? owner : owner[..Song.MaxRenditionOwnerLength];
    }

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.RenditionLeaseSeconds);

    private TimeSpan Poll => TimeSpan.FromSeconds(options.Value.RenditionPollSeconds);

    private async Task RenderLoopAsync(FfmpegRenderer renderer, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var owner = Owner();
                var work = await QueueAsync(q => q.ClaimAsync(owner, clock.GetUtcNow(), Lease, stoppingToken));
                if (work is null)
                {
                    await Task.Delay(Poll, clock, stoppingToken);
                    continue;
                }

                await RenderAsync(renderer, work, owner, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // the database is unreachable (or not migrated yet): try again a little later, not in a tight loop
                LogQueueFailed(logger, e);
                await Task.Delay(Poll * 5, clock, stoppingToken);
            }
        }
    }

    private async Task RenderAsync(FfmpegRenderer renderer, RenditionWork work, string owner, CancellationToken stoppingToken)
    {
        var temp = Path.Combine(Path.GetTempPath(), "radio-renditions", $"{Guid.NewGuid():N}.mp3");
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        using var claim = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = KeepClaimAsync(work.SongId, owner, claim);
        // the store of this work: a rendition staged and not committed is discarded with it
        await using var scope = scopes.CreateAsyncScope();
        var media = scope.ServiceProvider.GetRequiredService<IMediaStore>();
        try
        {
            var rendered = await renderer.RenderAsync(
                () => media.OpenRead(work.AudioKey) ?? throw new RenditionException("The upload's audio file is missing."),
                temp, claim.Token);
            var key = await StoreAsync(media, temp, claim.Token);
            await claim.CancelAsync();
            await renewing;
            bool completed;
            try
            {
                completed = await QueueAsync(q => q.CompleteAsync(work.SongId, owner, key, rendered.DurationSeconds, CancellationToken.None));
            }
            catch
            {
                media.Delete(key); // not recorded on the song: the next try writes another
                throw;
            }

            if (completed)
            {
                LogRendered(logger, work.SongId, rendered.DurationSeconds, rendered.CpuSeconds, rendered.MeasuredLufs);
                await PublishReadyAsync(work.SongId);
            }
            else
            {
                media.Delete(key); // deleted meanwhile (or taken over): this rendition belongs to no song
                LogClaimLost(logger, work.SongId);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await QueueAsync(q => q.ReleaseAsync(work.SongId, owner, CancellationToken.None));
        }
        catch (OperationCanceledException)
        {
            LogClaimLost(logger, work.SongId);
        }
        catch (RenditionException e)
        {
            // once: a failed song stays failed, so it is neither retried nor logged again
            await QueueAsync(q => q.FailAsync(work.SongId, owner, e.Message, CancellationToken.None));
            LogFailed(logger, work.SongId, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // not the song's fault (a full disk, a killed ffmpeg, an unreadable file): the claim runs out and the song
            // is tried again after the lease, not at once
            LogRetryLater(logger, work.SongId, e);
        }
        finally
        {
            await claim.CancelAsync();
            await renewing;
            File.Delete(temp);
        }
    }

    /// <summary>Stages ffmpeg's output through the same MPEG check as an upload, and commits it.</summary>
    private static async Task<string> StoreAsync(IMediaStore media, string temp, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        var staged = await media.StageAudioAsync(file, cancellationToken);
        if (!staged.IsValid)
        {
            throw new RenditionException($"ffmpeg wrote no valid MPEG audio: {staged.Error}");
        }

        media.Commit(staged.Key);
        return staged.Key;
    }

    /// <summary>Renews the claim until the work ends; cancels the work when the claim is lost.</summary>
    private async Task KeepClaimAsync(int songId, string owner, CancellationTokenSource claim)
    {
        while (!claim.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Lease / 3, clock, claim.Token);
                if (!await QueueAsync(q => q.RenewAsync(songId, owner, clock.GetUtcNow() + Lease, claim.Token)))
                {
                    await claim.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return; // the work ended (or the instance is stopping)
            }
            catch (Exception e)
            {
                LogQueueFailed(logger, e); // the lease runs on: the next renewal or the completion decides
            }
        }
    }

    private async Task<T> QueueAsync<T>(Func<RenditionQueue, Task<T>> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<RenditionQueue>());
    }

    private async Task PublishReadyAsync(int songId)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(new SongReadyForStation(songId), CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Song {SongId} rendered for the station: {Seconds:0.0} s of audio in {CpuSeconds:0.00} s of CPU (measured at {Lufs} LUFS)")]
    private static partial void LogRendered(ILogger logger, int songId, double seconds, double cpuSeconds, double? lufs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Song {SongId} could not be rendered for the station and stays off the air: {Reason}")]
    private static partial void LogFailed(ILogger logger, int songId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Song {SongId} could not be rendered this time; it is tried again once its claim runs out")]
    private static partial void LogRetryLater(ILogger logger, int songId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Song {SongId} was deleted or taken over while it was rendered; the rendition is dropped")]
    private static partial void LogClaimLost(ILogger logger, int songId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The rendition queue could not be read or updated; trying again shortly")]
    private static partial void LogQueueFailed(ILogger logger, Exception exception);
}
