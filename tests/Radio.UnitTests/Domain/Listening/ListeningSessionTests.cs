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
}
