using Radio.Domain.Listening;
using Radio.Infrastructure.Instances;
using StackExchange.Redis;

namespace Radio.UnitTests.Infrastructure.Instances;

public sealed class SessionHintsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly SessionHints _hints = new();

    [Fact]
    public void A_listener_gets_back_the_state_last_stored_for_them_as_stored_and_a_stranger_the_guess_of_no_session()
    {
        var listener = ListenerId.ForUser(7);
        _hints.Set(listener, State(1));
        _hints.Set(listener, State(2));

        _hints.Get(listener).Stored.Should().Be((RedisValue)RedisListeningSessions.Format(State(2)));
        _hints.Get(listener).State.Should().Be(State(2), "the same instants, so the same session");
        _hints.Get(ListenerId.ForUser(8)).Should().Be((RedisValue.Null, (SessionState?)null));
    }

    [Fact]
    public void A_listener_whose_slot_another_took_since_gets_no_hint_so_the_table_never_grows()
    {
        // two listeners with the same slot, found among new anonymous ids (one in about 300 ids by the birthday bound)
        var bySlot = new Dictionary<int, ListenerId>();
        ListenerId first, second;
        while (true)
        {
            var id = ListenerId.ForAnonymous(Guid.NewGuid());
            if (bySlot.TryGetValue(SessionHints.Slot(id), out first)
                && first.Value.GetHashCode(StringComparison.Ordinal) != id.Value.GetHashCode(StringComparison.Ordinal))
            {
                // (not one whose whole hash is the same, one in 65,536 of these: the table would take it for the first)
                second = id;
                break;
            }

            bySlot[SessionHints.Slot(id)] = id;
        }

        _hints.Set(first, State(1));
        _hints.Set(second, State(2));

        _hints.Get(first).Stored.IsNull.Should().BeTrue("the newest write won the slot");
        _hints.Get(second).Stored.Should().Be((RedisValue)RedisListeningSessions.Format(State(2)));
    }

    [Fact]
    public void A_hint_is_kept_without_an_object_so_the_GC_has_nothing_of_it_to_promote()
    {
        var listener = ListenerId.ForUser(7);
        _hints.Set(listener, State(1));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            _hints.Set(listener, State(i));
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    // fractions and an offset that is not UTC, as a session's state can hold: the hint gives back the text stored
    private static SessionState State(int beat) => new(
        Start, Start.ToOffset(TimeSpan.FromHours(2)).AddSeconds(-3.25), 12.5 + beat / 3.0, Start.AddSeconds(15 * beat), beat * 14.999);
}
