using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Radio.Application.Station;
using Radio.Domain.Station;
using Radio.Infrastructure.Common;

namespace Radio.Infrastructure.Relay;

/// <summary>
/// Sends the station to an Icecast mount as its source: one more listener of the <see cref="Broadcast"/>, so it gets
/// the very chunks the listeners get, as they are produced (real time), and a slow Icecast only ever makes the relay
/// fall behind and reconnect, never the station wait. Each song change updates the mount's title. Failures reconnect
/// with <see cref="RelayBackoff"/>; only the <see cref="RelayLease"/> holder sends.
/// </summary>
internal sealed partial class RelaySender(
    RelayTarget target, RelayLease lease, Broadcast broadcast, StationOptions station, RadioMetrics metrics,
    TimeProvider clock, ILogger<RelaySender> logger) : BackgroundService
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(5);

    private readonly string _mount = target.ToString();
    private readonly HttpClient _admin = new() { Timeout = TimeSpan.FromSeconds(5) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var holding = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await TryHoldAsync() != true)
                {
                    if (holding)
                    {
                        LogLeaseLost(logger);
                    }

                    holding = false;
                    await Task.Delay(RelayLease.RenewEvery, clock, stoppingToken);
                    continue;
                }

                holding = true;
                using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var keeper = KeepLeaseAsync(held);
                await SendWhileHeldAsync(held.Token);
                await held.CancelAsync();
                holding = await keeper;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            metrics.RelayConnected = false;
            if (holding)
            {
                await TryReleaseAsync();
            }
        }
    }

    /// <summary>Connects, sends until the connection fails, waits its back-off and again, for as long as the lease is held.</summary>
    private async Task SendWhileHeldAsync(CancellationToken held)
    {
        var backoff = new RelayBackoff();
        while (!held.IsCancellationRequested)
        {
            try
            {
                await using var source = await IcecastSource.ConnectAsync(target, station.Name, held);
                backoff.Reset();
                metrics.RelayConnected = true;
                LogConnected(logger, _mount);
                await StreamAsync(source, held);
            }
            catch (RelayRefusedException e) when (e.Status == 401)
            {
                LogWrongPassword(logger, _mount);
            }
            catch (RelayRefusedException e)
            {
                LogRefused(logger, _mount, e.Status);
            }
            catch (Exception e) when (e is IOException or SocketException
                                          || (e is OperationCanceledException && !held.IsCancellationRequested))
            {
                LogDisconnected(logger, _mount, e.Message);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            finally
            {
                metrics.RelayConnected = false;
            }

            var delay = backoff.Next();
            LogRetrying(logger, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, clock, held);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task StreamAsync(IcecastSource source, CancellationToken cancellationToken)
    {
        var listener = broadcast.Listen();
        StreamTitle? titleSent = null;
        while (true)
        {
            var changed = broadcast.Changed;
            var audio = listener.Pending();
            switch (listener.End)
            {
                case StreamEnd.FellBehind:
                    throw new IOException("The relay fell behind the broadcast.");
                case StreamEnd.OffAir:
                    // off the air (an empty library): stay connected, and carry on with the next airing
                    await changed.WaitAsync(cancellationToken);
                    listener = broadcast.Listen();
                    continue;
            }

            if (audio.IsEmpty)
            {
                await changed.WaitAsync(cancellationToken);
                continue;
            }

            await source.SendAsync(audio, WriteTimeout, cancellationToken);
            metrics.RelayBytesSent(audio.Length);
            var title = listener.Advance(audio.Length);
            if (!ReferenceEquals(title, titleSent))
            {
                titleSent = title;
                _ = UpdateTitleAsync(title, cancellationToken);
            }
        }
    }

    /// <summary>Sets the mount's title (Icecast's <c>updinfo</c>), which Icecast then sends its listeners as StreamTitle.</summary>
    private async Task UpdateTitleAsync(StreamTitle title, CancellationToken cancellationToken)
    {
        var uri = new Uri(
            $"http://{target.Host}:{target.Port}/admin/metadata?mount={Uri.EscapeDataString(target.Mount)}&mode=updinfo&song={Uri.EscapeDataString(title.IcyText)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(target.Authorization);
        try
        {
            using var response = await _admin.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogTitleRefused(logger, _mount, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                LogTitleFailed(logger, _mount, e.Message);
            }
        }
    }

    /// <summary>Renews the lease until it is lost or sending stops; cancels <paramref name="held"/> when it is lost.</summary>
    /// <returns>Whether the lease is still held.</returns>
    private async Task<bool> KeepLeaseAsync(CancellationTokenSource held)
    {
        var renewedAt = clock.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(RelayLease.RenewEvery, clock, held.Token);
                switch (await TryHoldAsync())
                {
                    case true:
                        renewedAt = clock.GetUtcNow();
                        break;
                    case false:
                    case null when clock.GetUtcNow() - renewedAt >= RelayLease.TimeToLive - RelayLease.RenewEvery:
                        // another instance holds it, or it may run out before Redis can be reached again
                        await held.CancelAsync();
                        return false;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <returns>Whether the lease is held; null when Redis could not be asked.</returns>
    private async Task<bool?> TryHoldAsync()
    {
        try
        {
            return await lease.TryHoldAsync();
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            LogLeaseUnreachable(logger, e.Message);
            return null;
        }
    }

    private async Task TryReleaseAsync()
    {
        try
        {
            await lease.ReleaseAsync();
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            LogLeaseUnreachable(logger, e.Message);
        }
    }

    public override void Dispose()
    {
        _admin.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay: sending the station to {Mount}")]
    private static partial void LogConnected(ILogger logger, string mount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Relay: Icecast at {Mount} refused the source password (401); check Radio:Relay:Url")]
    private static partial void LogWrongPassword(ILogger logger, string mount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Relay: Icecast at {Mount} refused the source connection with status {Status}")]
    private static partial void LogRefused(ILogger logger, string mount, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay: the connection to {Mount} failed: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string mount, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay: next attempt in {Seconds} s")]
    private static partial void LogRetrying(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay: Icecast at {Mount} refused the title update with status {Status}")]
    private static partial void LogTitleRefused(ILogger logger, string mount, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay: the title update to {Mount} failed: {Reason}")]
    private static partial void LogTitleFailed(ILogger logger, string mount, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay: another instance holds the relay lease; this one stops sending")]
    private static partial void LogLeaseLost(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay: the relay lease could not be read or renewed in Redis: {Reason}")]
    private static partial void LogLeaseUnreachable(ILogger logger, string reason);
}
