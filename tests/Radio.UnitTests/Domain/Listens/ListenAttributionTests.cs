using Radio.Domain.Listens;

namespace Radio.UnitTests.Domain.Listens;

public sealed class ListenAttributionTests
{
    private const int User = 7;
    private static readonly DateTimeOffset Start = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Play First = PlayAt(1, Start, 100);
    private static readonly Play Second = PlayAt(2, Start.AddSeconds(100), 600);

    [Fact]
    public void A_heartbeats_credit_covers_the_seconds_that_end_now_and_falls_on_each_play_by_its_air_time()
    {
        var shares = Play.Shares([First, Second], credit: 30, now: Start.AddSeconds(110));

        shares.Should().Equal((First, 20d), (Second, 10d));
    }

    [Fact]
    public void Credit_while_nothing_was_on_the_air_falls_on_no_play()
    {
        var later = PlayAt(3, Start.AddSeconds(200), 100);

        Play.Shares([First, later], credit: 50, now: Start.AddSeconds(200)).Should().BeEmpty();
        Play.Shares([First], credit: 0, now: Start.AddSeconds(50)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(100, 50)]
    [InlineData(480, 240)]
    [InlineData(600, 240)]
    public void The_threshold_is_half_the_song_or_240_seconds_whichever_is_less(double duration, double threshold)
    {
        PlayAt(1, Start, duration).ThresholdSeconds.Should().Be(threshold);
    }

    [Fact]
    public void A_play_becomes_a_listen_when_the_credit_reaches_the_threshold_exactly_and_not_just_under()
    {
        var plays = new ListenerPlays();

        plays.Credit(User, [(First, 49.5)], Start.AddSeconds(50), Start).Should().BeEmpty("49.5 s is under half of 100 s");
        var decided = plays.Credit(User, [(First, 0.5)], Start.AddSeconds(51), Start);

        decided.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { UserId = User, PlaySequence = 1L, SongId = First.SongId, ListenedAt = Start, CreditedSeconds = 50d });
    }

    [Fact]
    public void A_play_is_a_listen_once_however_long_the_credit_keeps_growing_and_keeps_the_credit_it_was_decided_with()
    {
        var plays = new ListenerPlays();

        var decided = plays.Credit(User, [(First, 60)], Start.AddSeconds(60), Start);
        var more = plays.Credit(User, [(First, 40)], Start.AddSeconds(100), Start);

        decided.Should().ContainSingle().Which.CreditedSeconds.Should().Be(60);
        more.Should().BeEmpty();
        plays.CreditOf(1).Should().Be(100);
    }

    [Fact]
    public void One_heartbeat_across_a_song_change_can_decide_both_plays()
    {
        var plays = new ListenerPlays();
        plays.Credit(User, [(First, 45)], Start.AddSeconds(90), Start);
        plays.Credit(User, [(Second, 230)], Start.AddSeconds(330), Start);

        var decided = plays.Credit(User, [(First, 5), (Second, 10)], Start.AddSeconds(345), Start);

        decided.Select(l => (l.PlaySequence, l.CreditedSeconds)).Should().Equal((1L, 50d), (2L, 240d));
    }

    [Fact]
    public void Plays_no_heartbeat_can_reach_any_more_are_forgotten()
    {
        var plays = new ListenerPlays();
        plays.Credit(User, [(First, 30)], Start.AddSeconds(30), Start);

        plays.Credit(User, [(Second, 10)], Start.AddSeconds(400), forgetBefore: Start.AddSeconds(300));

        plays.CreditOf(1).Should().Be(0, "the first play ended before the reach of any later heartbeat");
        plays.CreditOf(2).Should().Be(10);
    }

    private static Play PlayAt(long sequence, DateTimeOffset startedAt, double seconds) =>
        new(sequence, (int)sequence + 40, startedAt, startedAt.AddSeconds(seconds), seconds);
}
