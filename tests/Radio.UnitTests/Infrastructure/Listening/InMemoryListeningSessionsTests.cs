using Microsoft.Extensions.Options;
using Radio.Domain.Listening;
using Radio.Infrastructure;
using Radio.Infrastructure.Listening;

namespace Radio.UnitTests.Infrastructure.Listening;

public sealed class InMemoryListeningSessionsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ListenerId Alice = ListenerId.ForUser(1);
    private readonly InMemoryListeningSessions _sessions = new(Options.Create(new RadioOptions()));

    private SessionBeat Beat(DateTimeOffset connect, double played, DateTimeOffset now, ListenerId? listener = null) =>
        _sessions.BeatAsync(listener ?? Alice, connect, played, now, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    [Fact]
    public void A_reconnect_inside_the_timeout_continues_the_session()
    {
        Beat(Noon, 20, Noon);

        var reconnect = Beat(Noon.AddSeconds(50), 5, Noon.AddSeconds(59));

        reconnect.StartedSession.Should().BeFalse();
        reconnect.SessionSeconds.Should().Be(25);
    }

    [Fact]
    public void A_heartbeat_after_the_timeout_starts_a_new_session_with_the_first_beat_cap()
    {
        Beat(Noon, 20, Noon);

        var next = Beat(Noon.AddSeconds(60), 200, Noon.AddSeconds(60));

        next.StartedSession.Should().BeTrue();
        next.Credit.Should().Be(30);
        next.SessionSeconds.Should().Be(30);
    }

    [Fact]
    public async Task The_session_timeout_is_configurable()
    {
        var sessions = new InMemoryListeningSessions(Options.Create(new RadioOptions { Listening = { SessionTimeoutSeconds = 10 } }));
        await sessions.BeatAsync(Alice, Noon, 20, Noon, CancellationToken.None);

        var beat = await sessions.BeatAsync(Alice, Noon, 25, Noon.AddSeconds(10), CancellationToken.None);

        beat.StartedSession.Should().BeTrue();
    }

    [Fact]
    public void Listeners_have_separate_sessions()
    {
        Beat(Noon, 20, Noon);

        var bob = Beat(Noon, 5, Noon, ListenerId.ForUser(2));

        bob.SessionSeconds.Should().Be(5);
    }

    [Fact]
    public async Task Live_sessions_are_counted_and_ended_ones_removed()
    {
        Beat(Noon, 0, Noon);
        Beat(Noon, 0, Noon.AddSeconds(30), ListenerId.ForAnonymous("k"));

        (await _sessions.CountLiveAsync(Noon.AddSeconds(61), CancellationToken.None)).Should().Be(1);
        _sessions.RemoveEnded(Noon.AddSeconds(61)).Should().Be(1);
        (await _sessions.CountLiveAsync(Noon.AddSeconds(61), CancellationToken.None)).Should().Be(1);
    }

    [Fact]
    public async Task The_count_is_reused_for_a_second_but_a_new_session_is_counted_at_once()
    {
        Beat(Noon, 0, Noon);
        (await _sessions.CountLiveAsync(Noon.AddSeconds(59.5), CancellationToken.None)).Should().Be(1);

        (await _sessions.CountLiveAsync(Noon.AddSeconds(60.2), CancellationToken.None))
            .Should().Be(1, "a scan is reused for up to a second");
        (await _sessions.CountLiveAsync(Noon.AddSeconds(60.6), CancellationToken.None)).Should().Be(0);

        Beat(Noon.AddSeconds(60.7), 0, Noon.AddSeconds(60.7), ListenerId.ForUser(2));
        (await _sessions.CountLiveAsync(Noon.AddSeconds(60.8), CancellationToken.None))
            .Should().Be(1, "a session that starts invalidates the reused count");
    }

    [Fact]
    public async Task Concurrent_first_heartbeats_start_one_session_credited_once()
    {
        var beats = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ =>
            Task.Run(() => _sessions.BeatAsync(Alice, Noon, 20, Noon, CancellationToken.None).AsTask())));

        beats.Sum(b => b.Credit).Should().Be(20, "the same 20 s reported 64 times at once is credited once");
        beats.Count(b => b.StartedSession).Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_heartbeats_of_one_listener_lose_no_credit()
    {
        Beat(Noon, 0, Noon);
        var at = Noon.AddSeconds(30);

        var beats = await Task.WhenAll(Enumerable.Range(1, 400).Select(i =>
            Task.Run(() => _sessions.BeatAsync(Alice, Noon.AddSeconds(i), 0.05, at, CancellationToken.None).AsTask())));

        // each beat is a reconnect worth 0.05 s, so the session must hold exactly the sum of what was handed out
        beats.Sum(b => b.Credit).Should().BeApproximately(20, 1e-9);
        beats.Max(b => b.SessionSeconds).Should().BeApproximately(20, 1e-9);
    }
}
