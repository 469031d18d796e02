using Microsoft.Extensions.Options;
using Radio.Domain.Listening;
using Radio.Infrastructure;
using Radio.Infrastructure.Listening;

namespace Radio.UnitTests.Infrastructure.Listening;

public sealed class AnonymousListenersTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ListenerId First = ListenerId.ForAnonymous("first");
    private static readonly ListenerId Second = ListenerId.ForAnonymous("second");
    private static readonly ListenerId Third = ListenerId.ForAnonymous("third");
    private readonly IOptions<RadioOptions> _options = Options.Create(new RadioOptions { Listening = { MaxAnonymousListeners = 2 } });
    private readonly InMemoryListeningSessions _sessions;
    private readonly AnonymousListeners _listeners;

    public AnonymousListenersTests()
    {
        _sessions = new InMemoryListeningSessions(_options);
        _listeners = new AnonymousListeners(_sessions, _options);
    }

    [Fact]
    public void Totals_add_up_per_listener()
    {
        _listeners.Add(First, 20, Noon);

        _listeners.Add(First, 15.5, Noon.AddSeconds(15)).Should().Be(35);
        _listeners.Add(Second, 3, Noon.AddSeconds(15)).Should().Be(3);
        _listeners.TotalOf(First).Should().Be(35);
        _listeners.TotalOf(Third).Should().Be(0);
    }

    [Fact]
    public void Past_the_bound_the_least_recently_heard_is_forgotten()
    {
        _listeners.Add(First, 20, Noon);
        _listeners.Add(Second, 20, Noon.AddSeconds(1));
        _listeners.Add(First, 1, Noon.AddSeconds(2)); // heard again: now the second is the least recent

        _listeners.Add(Third, 20, Noon.AddSeconds(3));

        _listeners.Count.Should().Be(2);
        _listeners.TotalOf(Second).Should().Be(0);
        _listeners.TotalOf(First).Should().Be(21);
        _listeners.TotalOf(Third).Should().Be(20);
    }

    [Fact]
    public async Task A_forgotten_listener_loses_their_live_session_too()
    {
        await _sessions.BeatAsync(First, Noon, 20, Noon, CancellationToken.None);
        _listeners.Add(First, 20, Noon);
        _listeners.Add(Second, 20, Noon.AddSeconds(1));
        _listeners.Add(Third, 20, Noon.AddSeconds(2));

        var next = await _sessions.BeatAsync(First, Noon, 25, Noon.AddSeconds(3), CancellationToken.None);

        next.StartedSession.Should().BeTrue("nothing of a forgotten listener stays in memory");
    }

    [Fact]
    public void Listeners_silent_for_the_retention_time_are_forgotten_and_recent_ones_kept()
    {
        _listeners.Add(First, 20, Noon);
        _listeners.Add(Second, 20, Noon.AddHours(1));

        _listeners.ForgetSilent(Noon.AddHours(24).AddSeconds(-1)).Should().Be(0);
        _listeners.ForgetSilent(Noon.AddHours(24)).Should().Be(1);

        _listeners.TotalOf(First).Should().Be(0);
        _listeners.TotalOf(Second).Should().Be(20);
    }

    [Fact]
    public void A_server_clock_stepping_back_keeps_the_listener_among_the_recent()
    {
        _listeners.Add(First, 20, Noon.AddHours(2));
        _listeners.Add(Second, 20, Noon); // the clock stepped back two hours

        _listeners.ForgetSilent(Noon.AddHours(24)).Should().Be(0, "the second was heard after the first");
        _listeners.ForgetSilent(Noon.AddHours(26)).Should().Be(2);
    }

    [Fact]
    public void A_bound_below_one_is_a_start_up_error()
    {
        var options = Options.Create(new RadioOptions { Listening = { MaxAnonymousListeners = 0 } });

        var create = () => new AnonymousListeners(new InMemoryListeningSessions(options), options);

        create.Should().Throw<InvalidOperationException>().WithMessage("*MaxAnonymousListeners*");
    }

    [Fact]
    public async Task A_listener_taken_gives_their_total_once_and_is_forgotten_with_their_session()
    {
        _listeners.Add(First, 20.5, Noon);
        await _sessions.BeatAsync(First, Noon, 0, Noon, CancellationToken.None);

        _listeners.Take(First).Should().Be(20.5);
        _listeners.Take(First).Should().Be(0);
        _listeners.Count.Should().Be(0);
        (await _sessions.CountLiveAsync(Noon, CancellationToken.None)).Should().Be(0);
    }
}
