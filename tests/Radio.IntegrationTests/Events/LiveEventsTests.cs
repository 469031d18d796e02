using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Station;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Listening;
using Radio.IntegrationTests.Station;

namespace Radio.IntegrationTests.Events;

/// <summary><c>GET /radio/events</c> on real Kestrel, with two 4 s songs on the air (API.md, Live updates), on each path.</summary>
public abstract class LiveEventsTests(StationApp app, EventsPath path) : IClassFixture<StationApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_first_event_is_now_playing_with_the_entry_sequence_and_the_now_playing_object_on_one_line()
    {
        using var client = app.CreateClient();
        using var response = await client.OpenEventsAsync(path);
        var connected = TimeProvider.System.GetUtcNow();
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var events = await response.EventsAsync();

        var first = await events.NextAsync(TimeSpan.FromSeconds(2));
        var now = await client.GetStringAsync("/radio/now-playing");

        first.Should().NotBeNull("now-playing is sent at once on connect");
        first!.Type.Should().Be("now-playing");
        (first.ArrivedAt - connected).Should().BeLessThan(TimeSpan.FromSeconds(1));
        first.Data.Should().NotContain("\n", "the object goes on one data line");
        using var sent = JsonDocument.Parse(first.Data);
        using var expected = JsonDocument.Parse(now);
        var song = sent.RootElement.GetProperty("song");
        song.ShouldBeSongObject(withAlbum: false);
        Names(sent.RootElement).Should().Equal(Names(expected.RootElement), "it is the object GET /radio/now-playing returns");
        if (song.GetProperty("id").GetInt32() == expected.RootElement.GetProperty("song").GetProperty("id").GetInt32())
        {
            sent.RootElement.GetProperty("started_at").GetString().Should().Be(expected.RootElement.GetProperty("started_at").GetString());
            sent.RootElement.GetProperty("position_seconds").GetDouble().Should()
                .BeApproximately(expected.RootElement.GetProperty("position_seconds").GetDouble(), 1, "the position is the current one, not the song's start");
        }

        first.Id.Should().Be(OnAirSequence(), "the id is the sequence number of the schedule entry playing");
    }

    [Fact]
    public async Task A_song_change_arrives_within_a_second_with_the_next_sequence()
    {
        using var client = app.CreateClient();
        using var response = await client.OpenEventsAsync(path);
        using var events = await response.EventsAsync();
        var first = await events.NextOfAsync("now-playing", Wait);

        var change = await events.NextOfAsync("now-playing", Wait);

        change.Should().NotBeNull("the songs are 4 s long");
        using var data = JsonDocument.Parse(change!.Data);
        var startedAt = DateTimeOffset.Parse(data.RootElement.GetProperty("started_at").GetString()!, CultureInfo.InvariantCulture);
        (change.ArrivedAt - startedAt).Should().BeLessThan(TimeSpan.FromSeconds(1), "a song change is announced within 1 s");
        (change.ArrivedAt - startedAt).Should().BeGreaterThan(TimeSpan.FromSeconds(-0.1), "not before the song starts");
        long.Parse(change.Id!, CultureInfo.InvariantCulture).Should().Be(long.Parse(first!.Id!, CultureInfo.InvariantCulture) + 1);
        data.RootElement.GetProperty("position_seconds").GetDouble().Should().BeLessThan(1);
    }

    [Fact]
    public async Task A_reconnect_with_Last_Event_ID_gets_the_current_now_playing_at_once()
    {
        using var client = app.CreateClient();
        using var response = await client.OpenEventsAsync(path, lastEventId: "1");
        using var events = await response.EventsAsync();

        var first = await events.NextAsync(TimeSpan.FromSeconds(1));

        first.Should().NotBeNull();
        first!.Type.Should().Be("now-playing");
        first.Id.Should().Be(OnAirSequence());
    }

    [Fact]
    public async Task The_listener_count_is_sent_when_it_changes_and_at_most_every_five_seconds()
    {
        using var client = app.CreateClient();
        using var response = await client.OpenEventsAsync(path);
        using var events = await response.EventsAsync();
        await events.NextOfAsync("now-playing", Wait);

        using var one = app.CreateClient();
        await one.HeartbeatAsync(TimeProvider.System.GetUtcNow(), 0);
        var first = await events.NextOfAsync("listeners", TimeSpan.FromSeconds(7));
        using var two = app.CreateClient();
        await two.HeartbeatAsync(TimeProvider.System.GetUtcNow(), 0);
        var second = await events.NextOfAsync("listeners", TimeSpan.FromSeconds(7));

        first.Should().NotBeNull("a new listening session changes the count");
        second.Should().NotBeNull();
        JsonDocument.Parse(first!.Data).RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("listeners");
        var counts = new[] { first, second! }.Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("listeners").GetInt32()).ToList();
        (counts[1] - counts[0]).Should().Be(1, "one more listener");
        // sent 5 s apart, the second at once were the rule broken; measured as they arrive, and on a loaded machine the
        // first arrived 0.53 s later than the second after its sending (a CI run): a second of margin for that
        (second!.ArrivedAt - first.ArrivedAt).Should().BeGreaterThan(TimeSpan.FromSeconds(4), "the count goes out at most every 5 s");
    }

    [Fact]
    public async Task A_quiet_connection_gets_a_keep_alive_within_15_seconds()
    {
        using var client = app.CreateClient();
        using var response = await client.OpenEventsAsync(path);
        using var events = await response.EventsAsync();
        var started = Stopwatch.StartNew();

        var keepAlive = await events.NextOfAsync("keep-alive", TimeSpan.FromSeconds(16));

        keepAlive.Should().NotBeNull("proxies close connections that stay silent");
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15));
        keepAlive!.Data.Should().BeEmpty("browsers ignore an event type they do not listen for");
    }

    private string OnAirSequence() =>
        app.Services.GetRequiredService<OnAir>().Entry!.Sequence.ToString(CultureInfo.InvariantCulture);

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}

/// <summary>The events served from their sockets.</summary>
public sealed class LiveEventsOverSocketTests(StationApp app) : LiveEventsTests(app, EventsPath.Socket);

/// <summary>The events served through the HTTP pipeline.</summary>
public sealed class LiveEventsOverPipelineTests(StationApp app) : LiveEventsTests(app, EventsPath.Pipeline);

/// <summary>A station of its own, where nobody else sends heartbeats, so the listener count changes only when a test makes it.</summary>
public sealed class UnchangedListenerCountTests(StationApp app) : IClassFixture<StationApp>
{
    [Fact]
    public async Task An_unchanged_listener_count_is_not_sent_again_and_a_change_is()
    {
        using var client = app.CreateClient();
        using var response = await client.OpenEventsAsync(EventsPath.Socket);
        using var events = await response.EventsAsync();
        await events.NextOfAsync("now-playing", TimeSpan.FromSeconds(10));

        var quiet = await events.NextOfAsync("listeners", TimeSpan.FromSeconds(11));
        using var listener = app.CreateClient();
        await listener.HeartbeatAsync(TimeProvider.System.GetUtcNow(), 0);
        var changed = await events.NextOfAsync("listeners", TimeSpan.FromSeconds(7));

        quiet.Should().BeNull("two counts of 5 s found the same number, which the first now-playing gave");
        changed.Should().NotBeNull("a new listening session changes the count");
        JsonDocument.Parse(changed!.Data).RootElement.GetProperty("listeners").GetInt32().Should().Be(1);
    }
}
