using Radio.Domain.Station;

namespace Radio.UnitTests.Domain.Station;

public sealed class OnAirTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly OnAir _onAir = new();

    [Fact]
    public void Another_entry_on_the_air_is_a_change()
    {
        var first = ScheduleEntry.First(1, 180, Noon);
        _onAir.Air(first);
        var changed = _onAir.Changed;

        _onAir.Air(first.Next(2, 1, 200, Noon));

        changed.IsCompleted.Should().BeTrue();
        _onAir.Entry!.Sequence.Should().Be(2);
    }

    [Fact]
    public void The_same_entry_again_is_no_change_but_is_kept_as_it_now_is()
    {
        var first = ScheduleEntry.First(1, 180, Noon);
        _onAir.Air(first);
        var changed = _onAir.Changed;

        var again = ScheduleEntry.First(1, 90, Noon); // the same entry, cut short
        _onAir.Air(again);

        changed.IsCompleted.Should().BeFalse("nothing new is on the air: no event goes out");
        _onAir.Entry.Should().BeSameAs(again);
    }

    [Fact]
    public void Going_off_the_air_is_a_change()
    {
        _onAir.Air(ScheduleEntry.First(1, 180, Noon));
        var changed = _onAir.Changed;

        _onAir.Air(null);

        changed.IsCompleted.Should().BeTrue();
        _onAir.Entry.Should().BeNull();
    }
}
