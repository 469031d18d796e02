using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Radio.Domain.Library;
using Radio.Infrastructure.Library.Search;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>The channel on which instances announce the songs they changed, as <c>instance:songId</c>.</summary>
internal static class LibraryChannel
{
    public static readonly RedisChannel Name = RedisChannel.Literal("radio:library-changes");

    public static RedisValue Message(InstanceId instance, int songId) =>
        instance.Value + ":" + songId.ToString(CultureInfo.InvariantCulture);

    public static bool TryRead(RedisValue message, InstanceId self, out int songId)
    {
        songId = 0;
        var text = (string?)message;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0
            && !text.AsSpan(0, colon).SequenceEqual(self.Value)
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out songId);
    }
}

/// <summary>
/// The loader the application sees with several instances: a changed song is read into this index and announced, so
/// the other instances read it too. Redis being down loses no change for good: the subscriber reloads on reconnect.
/// </summary>
internal sealed class AnnouncedSearchIndexLoader(SongSearchIndexLoader local, IConnectionMultiplexer redis, InstanceId instance)
    : ISongSearchIndexLoader
{
    public async Task RefreshAsync(int songId, CancellationToken cancellationToken)
    {
        await local.RefreshAsync(songId, cancellationToken);
        // never waits for Redis: during an outage the change is made all the same, and the other instances read the
        // whole library again when their connection comes back
        await redis.GetSubscriber().PublishAsync(LibraryChannel.Name, LibraryChannel.Message(instance, songId), CommandFlags.FireAndForget);
    }
}

/// <summary>
/// Reads into this instance's index the songs other instances announce. Pub/sub delivers only to connected
/// subscribers, so after a lost connection the whole library is read again: what was missed is then in.
/// </summary>
internal sealed partial class LibraryChangeSubscriber(
    SongSearchIndexLoader local, IConnectionMultiplexer redis, InstanceId instance, ILogger<LibraryChangeSubscriber> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // one reload waiting at most: a flapping connection does not queue a reload per flap
        var reloads = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        redis.ConnectionRestored += (_, _) => reloads.Writer.TryWrite(true);

        var queue = await SubscribeAsync(stoppingToken);
        queue.OnMessage(async message =>
        {
            if (LibraryChannel.TryRead(message.Message, instance, out var songId))
            {
                await local.RefreshAsync(songId, stoppingToken);
            }
        });

        await foreach (var _ in reloads.Reader.ReadAllAsync(stoppingToken))
        {
            LogReloading(logger);
            try
            {
                await local.LoadAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // the index keeps what it had; the next reconnect tries again
                LogReloadFailed(logger, e);
            }
        }
    }

    private async Task<ChannelMessageQueue> SubscribeAsync(CancellationToken stoppingToken)
    {
        for (var pause = TimeSpan.FromMilliseconds(200); ; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(10).Ticks)))
        {
            try
            {
                return await redis.GetSubscriber().SubscribeAsync(LibraryChannel.Name);
            }
            catch (RedisException e)
            {
                LogSubscribeFailed(logger, e);
                await Task.Delay(pause, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The connection to Redis is back: reading the library again, for the changes announced meanwhile")]
    private static partial void LogReloading(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading the library again after the Redis reconnect failed")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to library changes in Redis; trying again")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
