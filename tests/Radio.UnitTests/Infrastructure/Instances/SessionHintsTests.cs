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
        _hints.Set(listener, Session(1));
        _hints.Set(listener, Session(2));

        _hints.Get(listener).Stored.Should().Be((RedisValue)RedisListeningSessions.Format(State(2), Session(2).Permits));
        _hints.Get(listener).Session.Should().Be(Session(2), "the same instants and the same heartbeat window, so the same session");
        _hints.Get(ListenerId.ForUser(8)).Should().Be((RedisValue.Null, (StoredSession?)null));
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
        _hints.Set(same[1], Session(1));
        _hints.Set(same[0], Session(2));
        _hints.Set(same[2], Session(3));
        _hints.Set(same[3], Session(4));
        _hints.Get(same[1]).Session.Should().Be(Session(1), "a bucket holds four");
        _hints.Set(same[0], Session(5)); // listener 0 again: its own slot, no other's
        _hints.Set(same[4], Session(6));

        _hints.Get(same[1]).Stored.IsNull.Should().BeTrue("the fifth took the slot of the one heard longest ago");
        _hints.Get(same[0]).Session.Should().Be(Session(5));
        _hints.Get(same[2]).Session.Should().Be(Session(3));
        _hints.Get(same[3]).Session.Should().Be(Session(4));
        _hints.Get(same[4]).Session.Should().Be(Session(6));
    }

    [Fact]
    public void A_hint_is_kept_without_an_object_so_the_GC_has_nothing_of_it_to_promote()
    {
        var listener = ListenerId.ForUser(7);
        _hints.Set(listener, Session(1));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            _hints.Set(listener, Session(i));
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    // a heartbeat window that moves with the beat, so a hint that lost it would not be the one set
    private static StoredSession Session(int beat) => new(State(beat), new PermitWindow(Start.ToUnixTimeMilliseconds() + beat, beat + 1));

    // fractions and an offset that is not UTC, as a session's state can hold: the hint gives back the text stored
    private static SessionState State(int beat) => new(
        Start, Start.ToOffset(TimeSpan.FromHours(2)).AddSeconds(-3.25), 12.5 + beat / 3.0, Start.AddSeconds(15 * beat), beat * 14.999);
}
