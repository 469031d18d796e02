using Radio.Infrastructure.Library.Search;

namespace Radio.UnitTests.Infrastructure.Library.Search;

public sealed class SongSlotsTests
{
    private static SongSlots SlotsOf(params string[] titles)
    {
        var slots = new SongSlots();
        slots.EnsureCapacity(titles.Length, titles.Sum(t => t.Length + 1));
        for (var i = 0; i < titles.Length; i++)
        {
            slots.Append(i + 1, titles[i]);
        }

        return slots;
    }

    [Fact]
    public void A_title_is_read_back_without_its_separator()
    {
        var slots = SlotsOf("ab", "", "cde");

        slots.TitleOf(0).ToString().Should().Be("ab");
        slots.TitleOf(1).ToString().Should().BeEmpty();
        slots.TitleOf(2).ToString().Should().Be("cde");
        slots.TextBefore(3).ToString().Should().Be("ab\0\0cde\0");
    }

    [Fact]
    public void Every_text_position_maps_to_the_slot_whose_title_holds_it_from_any_earlier_slot()
    {
        var titles = Enumerable.Range(0, 300).Select(i => new string('x', i % 7)).ToArray();
        var slots = SlotsOf(titles);
        var expected = titles.SelectMany((t, slot) => Enumerable.Repeat(slot, t.Length + 1)).ToArray();

        foreach (var from in new[] { 0, 1, 17, 150 })
        {
            for (var position = slots.TitleStart(from); position < expected.Length; position++)
            {
                slots.SlotAt(position, from).Should().Be(expected[position], "position {0} from slot {1}", position, from);
            }
        }
    }

    [Fact]
    public void A_killed_slot_keeps_its_title_but_is_no_longer_live()
    {
        var slots = SlotsOf("a", "b");

        slots.Kill(0);

        slots.IsLive(0).Should().BeFalse();
        slots.SongIdAt(0).Should().Be(SongSlots.Dead);
        slots.TitleOf(0).ToString().Should().Be("a");
        slots.IsLive(1).Should().BeTrue();
    }
}
