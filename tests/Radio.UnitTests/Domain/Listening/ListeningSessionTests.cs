using Radio.Domain.Listening;

namespace Radio.UnitTests.Domain.Listening;

public sealed class ListeningSessionTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Connect = Noon.AddMinutes(-1);

    [Fact]
    public void An_honest_client_is_credited_what_it_played()
    {
        var session = ListeningSession.Start(Connect, 10, Noon);

        var second = session.Beat(Connect, 25, Noon.AddSeconds(15));
        var third = session.Beat(Connect, 40.5, Noon.AddSeconds(30));

        second.Credit.Should().Be(15);
        third.Credit.Should().Be(15.5);
        third.SessionSeconds.Should().Be(40.5);
    }

    [Fact]
    public void The_first_heartbeat_of_a_session_credits_at_most_30_seconds()
    {
        var session = ListeningSession.Start(Connect, 500, Noon);

        session.FirstBeat.Credit.Should().Be(30);
        session.FirstBeat.StartedSession.Should().BeTrue();
        ListeningSession.Start(Connect, 12, Noon).FirstBeat.Credit.Should().Be(12);
    }

    [Fact]
    public void Claiming_more_than_the_wall_clock_is_capped_at_the_time_since_the_previous_heartbeat_plus_2_seconds()
    {
        var session = ListeningSession.Start(Connect, 0, Noon);

        var beat = session.Beat(Connect, 1000, Noon.AddSeconds(15));

        beat.Credit.Should().Be(17, "15 s of server time plus 2 s of slack");
    }

    [Fact]
    public void The_cap_counts_from_the_previous_heartbeat_not_from_the_session_start()
    {
        var session = ListeningSession.Start(Connect, 0, Noon);
        session.Beat(Connect, 15, Noon.AddSeconds(15));

        var flood = session.Beat(Connect, 100, Noon.AddSeconds(16));

        flood.Credit.Should().Be(3, "1 s since the previous heartbeat plus 2 s");
    }

    [Fact]
    public void Decreasing_played_seconds_credit_nothing_and_growth_counts_from_the_new_value()
    {
        var session = ListeningSession.Start(Connect, 100, Noon);

        var decrease = session.Beat(Connect, 50, Noon.AddSeconds(15));
        var growth = session.Beat(Connect, 60, Noon.AddSeconds(30));

        decrease.Credit.Should().Be(0, "credit is never negative");
        growth.Credit.Should().Be(10);
        growth.SessionSeconds.Should().Be(40);
    }

    [Fact]
    public void A_new_connect_time_is_a_reconnect_credited_its_played_seconds_under_the_wall_clock_cap()
    {
        var session = ListeningSession.Start(Connect, 20, Noon);

        var reconnect = session.Beat(Noon.AddSeconds(10), 4, Noon.AddSeconds(15));
        var large = session.Beat(Noon.AddSeconds(20), 500, Noon.AddSeconds(30));

        reconnect.Credit.Should().Be(4, "the first heartbeat of a connection credits its played_seconds");
        large.Credit.Should().Be(17);
        large.SessionSeconds.Should().Be(41);
    }

    [Fact]
    public void A_server_clock_stepping_back_credits_no_more_than_the_slack()
    {
        var session = ListeningSession.Start(Connect, 0, Noon);

        var beat = session.Beat(Connect, 100, Noon.AddSeconds(-30));

        beat.Credit.Should().Be(2);
        session.LastBeatAt.Should().Be(Noon);
    }

    [Fact]
    public void A_session_ends_after_the_timeout_without_a_heartbeat()
    {
        var session = ListeningSession.Start(Connect, 0, Noon);
        var timeout = TimeSpan.FromSeconds(60);

        session.HasEnded(Noon.AddSeconds(59), timeout).Should().BeFalse();
        session.HasEnded(Noon.AddSeconds(60), timeout).Should().BeTrue();
    }

    [Fact]
    public void A_client_beating_every_half_second_is_capped_at_the_session_time_plus_30_seconds()
    {
        var session = ListeningSession.Start(Connect, 3, Noon);
        var beat = session.FirstBeat;

        // 24 beats over 12 s of server time, each claiming 3.5 s more: 87 s in all
        for (var i = 1; i <= 24; i++)
        {
            beat = session.Beat(Connect, 3 + (3.5 * i), Noon.AddSeconds(0.5 * i));
        }

        beat.SessionSeconds.Should().BeApproximately(42, 1e-9, "12 s since the first heartbeat plus 30 s");
        beat.Credit.Should().BeApproximately(0.5, 1e-9, "once capped, each beat earns only the server time since the previous one");
    }

    [Fact]
    public void Heartbeats_every_15_seconds_are_credited_in_full()
    {
        var session = ListeningSession.Start(Connect, 10, Noon);
        var beat = session.FirstBeat;

        for (var i = 1; i <= 20; i++)
        {
            beat = session.Beat(Connect, 10 + (15 * i), Noon.AddSeconds(15 * i));
        }

        beat.Credit.Should().Be(15);
        beat.SessionSeconds.Should().Be(310);
    }

    [Fact]
    public void A_first_heartbeat_of_30_seconds_leaves_later_heartbeats_only_the_wall_clock()
    {
        var session = ListeningSession.Start(Connect, 30, Noon);

        var late = session.Beat(Connect, 47, Noon.AddSeconds(15));

        late.Credit.Should().Be(15, "the session holds 30 s and 15 s of server time have passed");
        late.SessionSeconds.Should().Be(45);
    }

    [Fact]
    public void An_honest_reconnect_within_the_session_is_credited_in_full()
    {
        var session = ListeningSession.Start(Connect, 10, Noon);
        session.Beat(Connect, 25, Noon.AddSeconds(15));

        var reconnect = session.Beat(Noon.AddSeconds(25), 5, Noon.AddSeconds(30));

        reconnect.Credit.Should().Be(5);
        reconnect.SessionSeconds.Should().Be(30);
    }

    [Fact]
    public void A_reconnect_cannot_collect_a_second_first_beat_allowance()
    {
        var session = ListeningSession.Start(Connect, 30, Noon);

        var reconnect = session.Beat(Noon.AddSeconds(8), 12, Noon.AddSeconds(10));

        reconnect.Credit.Should().Be(10, "10 s since the first heartbeat plus 30 s, of which the session holds 30 s");
    }

    [Fact]
    public void A_server_clock_stepping_back_does_not_shrink_the_session_cap()
    {
        var session = ListeningSession.Start(Connect, 0, Noon);
        session.Beat(Connect, 40, Noon.AddSeconds(40));

        var beat = session.Beat(Connect, 42, Noon.AddSeconds(10));

        beat.Credit.Should().Be(2, "the session holds 40 s and may hold 70 s: the step back leaves the slack");
    }
}
