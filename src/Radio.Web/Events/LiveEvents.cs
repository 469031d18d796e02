using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.Options;
using Radio.Application.Station;
using Radio.Domain.Listening;
using Radio.Domain.Station;
using Radio.Web.Station;

namespace Radio.Web.Events;

/// <summary>
/// The one producer of <c>/radio/events</c> in a process, for both ways of serving it. It follows the entry the station
/// producer has <see cref="OnAir"/> and builds each song change's <c>now-playing</c> once, from
/// <see cref="GetNowPlaying"/> (the same object and JSON as <c>GET /radio/now-playing</c>); it counts listeners every
/// 5 s and sends the keep-alives. Every event is built once: its bytes go into the <see cref="EventLog"/>, where each
/// client served from its socket is a position (<see cref="EventSockets"/>), and its string to each pipeline client's
/// small buffer without waiting (<see cref="EventClient"/>). A client that stops reading is dropped, and
/// <see cref="EventsOptions.MaxClients"/> and <see cref="EventsOptions.MaxClientsPerAddress"/> count the clients of both.
/// </summary>
internal sealed partial class LiveEvents(
    OnAir onAir, IListeningSessions sessions, IServiceScopeFactory scopes, IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> json,
    IOptions<EventsOptions> options, TimeProvider clock, ILogger<LiveEvents> logger) : BackgroundService
{
    public const string NowPlayingEvent = "now-playing";
    public const string ListenersEventType = "listeners";
    public const string KeepAliveEvent = "keep-alive";

    private static readonly TimeSpan ListenersInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    // the framework writes no SSE comments: an event type that browsers do not listen for, with empty data
    private static readonly SseItem<string> KeepAlive = new(string.Empty, KeepAliveEvent);

    private readonly JsonSerializerOptions _json = json.Value.JsonSerializerOptions;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NowPlayingResponse? _nowPlaying; // under _gate
    private string? _sequence; // under _gate: the id of the now-playing entry
    private int _listeners; // under _gate: the latest count, for clients that join
    private int? _countSent; // under _gate: the count the last listeners event (or the first now-playing) gave

    /// <summary>Completes once the first now-playing is built: clients join after it.</summary>
    public Task Ready => _ready.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        FollowSongsAsync(stoppingToken), CountListenersAsync(stoppingToken), KeepAliveAsync(stoppingToken));

    private async Task FollowSongsAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = onAir.Changed; // before reading the entry, so a change meanwhile is not missed
            try
            {
                await AnnounceAsync(onAir.Entry, cancellationToken);
                _ready.TrySetResult();
                await changed.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // a database hiccup: build it again shortly rather than leave clients on the last song
                LogFailed(logger, e);
                await DelayAsync(RetryInterval, cancellationToken);
            }
        }
    }

    private async Task AnnounceAsync(ScheduleEntry? entry, CancellationToken cancellationToken)
    {
        // the producer takes up the next entry a moment before it starts: announce it when it does
        var wait = entry is null ? TimeSpan.Zero : entry.StartsAt - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, cancellationToken);
        }

        NowPlayingResult result;
        await using (var scope = scopes.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetNowPlaying(), cancellationToken);
        }

        var response = result.ToResponse();
        var sequence = entry is not null && result.Song is not null
            ? entry.Sequence.ToString(CultureInfo.InvariantCulture)
            : null;
        Publish(NowPlaying(response, sequence), () =>
        {
            (_nowPlaying, _sequence, _listeners, _joining) = (response, sequence, response.Listeners, null);
            _countSent ??= response.Listeners;
            return true;
        });
    }

    private async Task CountListenersAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ListenersInterval, clock);
        while (await WaitAsync(timer, cancellationToken))
        {
            int count;
            try
            {
                count = await sessions.CountLiveAsync(clock.GetUtcNow(), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
                continue;
            }

            var item = new SseItem<string>(JsonSerializer.Serialize(new ListenersEvent(count), _json), ListenersEventType);
            Publish(item, () =>
            {
                var changed = count != _countSent;
                _joining = count == _listeners ? _joining : null;
                (_listeners, _countSent) = (count, count);
                return changed;
            });
        }
    }

    private async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.KeepAliveSeconds), clock);
        while (await WaitAsync(timer, cancellationToken))
        {
            Publish(KeepAlive);
        }
    }

    private SseItem<string> NowPlaying(NowPlayingResponse response, string? sequence) =>
        new(JsonSerializer.Serialize(response, _json), NowPlayingEvent) { EventId = sequence };

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // stopping: the loop ends
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The live events could not be built")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
