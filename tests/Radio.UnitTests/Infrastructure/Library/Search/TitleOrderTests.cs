using Radio.Infrastructure.Library.Search;

namespace Radio.UnitTests.Infrastructure.Library.Search;

public sealed class TitleOrderTests
{
    private readonly SongSlots _slots = new();

    private TitleOrder OrderOf(params string[] titles)
    {
        _slots.EnsureCapacity(titles.Length + 8, 1024);
        foreach (var title in titles)
        {
            _slots.Append(_slots.Count + 1, title);
        }

        var order = new TitleOrder(_slots);
        order.SortAll([.. titles]);
        return order;
    }

    [Fact]
    public void Slots_are_ordered_by_title_then_song_id()
    {
        var order = OrderOf("b", "a", "b", "ab", "a", "b");

        order.Slots.ToArray().Should().Equal(1, 4, 3, 0, 2, 5);
    }

    [Fact]
    public void The_lower_bound_is_the_first_title_not_below_the_key()
    {
        var order = OrderOf("love", "a", "lovers", "lo", "zed");

        order.LowerBound("love").Should().Be(2);
        order.LowerBound("lp").Should().Be(4);
        order.LowerBound("").Should().Be(0);
        order.LowerBound("zz").Should().Be(5);
    }

    [Fact]
    public void Inserted_and_removed_slots_keep_the_order()
    {
        var order = OrderOf("b", "d");
        var added = _slots.Append(3, "c");

        order.Insert(added);
        order.Remove(0);

        order.Slots.ToArray().Should().Equal(added, 1);
    }
}
