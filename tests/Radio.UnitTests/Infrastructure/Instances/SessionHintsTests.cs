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
    public void A_bucket_keeps_four_listeners_and_a_fifth_takes_the_slot_of_the_one_heard_longest_ago_so_the_table_never_grows()
    {
        // five listeners of one bucket, found among new anonymous ids (a few thousand ids), each with its own whole hash
        // (two that share it are one listener to the table: a wrong guess, no more)
        var byBucket = new Dictionary<int, List<ListenerId>>();
        List<ListenerId> same;
        while (true)
        {
            var id = ListenerId.ForAnonymous(Guid.NewGuid());
            var bucket = byBucket.TryGetValue(SessionHints.Bucket(id), out var found) ? found : byBucket[SessionHints.Bucket(id)] = [];
            if (bucket.TrueForAll(other => other.Value.GetHashCode(StringComparison.Ordinal) != id.Value.GetHashCode(StringComparison.Ordinal)))
            {
                bucket.Add(id);
            }

            if (bucket.Count == SessionHints.Ways + 1)
            {
                same = bucket;
                break;
            }
        }

        // heard in the order 1, 0, 2, 3: listener 1 longest ago, though it was set first only by a little
        _hints.Set(same[1], State(1));
        _hints.Set(same[0], State(2));
        _hints.Set(same[2], State(3));
        _hints.Set(same[3], State(4));
        _hints.Get(same[1]).State.Should().Be(State(1), "a bucket holds four");
        _hints.Set(same[0], State(5)); // listener 0 again: its own slot, no other's
        _hints.Set(same[4], State(6));

        _hints.Get(same[1]).Stored.IsNull.Should().BeTrue("the fifth took the slot of the one heard longest ago");
        _hints.Get(same[0]).State.Should().Be(State(5));
        _hints.Get(same[2]).State.Should().Be(State(3));
        _hints.Get(same[3]).State.Should().Be(State(4));
        _hints.Get(same[4]).State.Should().Be(State(6));
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
