using Radio.Domain.Listening;
using Radio.Infrastructure.Instances;
using StackExchange.Redis;

namespace Radio.UnitTests.Infrastructure.Instances;

public sealed class SessionHintsTests
{
    private readonly SessionHints _hints = new();

    [Fact]
    public void A_listener_gets_back_the_state_last_stored_for_them_and_a_stranger_the_guess_of_no_session()
    {
        var listener = ListenerId.ForUser(7);
        _hints.Set(listener, "1|2|3");
        _hints.Set(listener, "4|5|6");

        _hints.Get(listener).Should().Be((RedisValue)"4|5|6");
        _hints.Get(ListenerId.ForUser(8)).IsNull.Should().BeTrue();
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
            if (bySlot.TryGetValue(SessionHints.Slot(id), out first))
            {
                second = id;
                break;
            }

            bySlot[SessionHints.Slot(id)] = id;
        }

        _hints.Set(first, "first's");
        _hints.Set(second, "second's");

        _hints.Get(first).IsNull.Should().BeTrue("the newest write won the slot");
        _hints.Get(second).Should().Be((RedisValue)"second's");
    }
}
