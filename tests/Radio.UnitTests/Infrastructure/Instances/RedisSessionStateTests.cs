using Radio.Domain.Listening;
using Radio.Infrastructure.Instances;

namespace Radio.UnitTests.Infrastructure.Instances;

/// <summary>
/// The Redis store keeps a session as its <see cref="SessionState"/> between heartbeats: a session written and read
/// back after every heartbeat must credit exactly what one kept in memory credits, whatever the heartbeats claim.
/// </summary>
public sealed class RedisSessionStateTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, (double Connect, double Played, double Now)[]> Listeners => new()
    {
        { "honest 15 s beats", [(0, 0, 0), (0, 15, 15), (0, 30, 30), (0, 44.75, 45)] },
        { "a cheater beating every half second", [.. Enumerable.Range(0, 40).Select(i => (0.0, i * 2.0, i * 0.5))] },
        { "a first beat claiming too much", [(0, 5000, 0), (0, 9000, 15)] },
        { "a reconnect", [(0, 20, 0), (50, 5, 59), (50, 19.123456789, 73)] },
        { "a server clock stepping back", [(0, 0, 10), (0, 10, 20), (0, 12, 15), (0, 30, 30)] },
    };

    [Theory]
    [MemberData(nameof(Listeners))]
    public void A_session_kept_as_its_state_credits_exactly_what_a_session_in_memory_credits(
        string listener, (double Connect, double Played, double Now)[] beats)
    {
        var first = beats[0];
        var inMemory = ListeningSession.Start(Noon.AddSeconds(first.Connect), first.Played, Noon.AddSeconds(first.Now));
        var stored = RedisListeningSessions.Format(inMemory.State);

        foreach (var (connect, played, now) in beats.Skip(1))
        {
            var expected = inMemory.Beat(Noon.AddSeconds(connect), played, Noon.AddSeconds(now));
            var restored = ListeningSession.Restore(RedisListeningSessions.Parse(stored));
            var actual = restored.Beat(Noon.AddSeconds(connect), played, Noon.AddSeconds(now));
            stored = RedisListeningSessions.Format(restored.State);

            actual.Should().Be(expected, listener);
        }

        RedisListeningSessions.Parse(stored).Should().Be(inMemory.State, "nothing is rounded on the way through Redis");
    }

    [Fact]
    public void A_state_survives_its_text_form_to_the_tick_and_the_last_bit()
    {
        var state = new SessionState(Noon, Noon.AddTicks(1), 0.1 + 0.2, Noon.AddSeconds(1.5), 1.0 / 3);

        RedisListeningSessions.Parse(RedisListeningSessions.Format(state)).Should().Be(state);
    }
}
