using Radio.Domain.Listening;
using Radio.Infrastructure.Instances;

namespace Radio.UnitTests.Infrastructure.Instances;

/// <summary>A listener's heartbeat window, as several instances keep it in the listener's session value.</summary>
public sealed class PermitWindowTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Permits_taken_within_a_minute_of_the_first_count_in_its_window_and_the_first_after_it_opens_a_new_one()
    {
        var window = default(PermitWindow).Take(Opened);
        window.Should().Be(new PermitWindow(Opened.ToUnixTimeMilliseconds(), 1));

        window = window.Take(Opened.AddSeconds(30)).Take(Opened.AddSeconds(59.999));
        window.Should().Be(new PermitWindow(Opened.ToUnixTimeMilliseconds(), 3));
        window.Left(Opened.AddSeconds(59.999)).Should().Be(TimeSpan.FromMilliseconds(1));

        window.Take(Opened.AddSeconds(60)).Should().Be(new PermitWindow(Opened.AddSeconds(60).ToUnixTimeMilliseconds(), 1));
    }

    [Fact]
    public void An_instance_whose_clock_is_a_little_behind_counts_in_the_window_and_one_stepped_back_by_a_minute_opens_a_new_one()
    {
        var window = new PermitWindow(Opened.ToUnixTimeMilliseconds(), 5);

        window.Take(Opened.AddSeconds(-2)).Taken.Should().Be(6, "a window is one over all instances, whatever their clocks");
        window.Left(Opened.AddSeconds(-2)).Should().Be(PermitWindow.Length, "never a longer wait than a window");
        window.Take(Opened.AddSeconds(-61)).Should().Be(new PermitWindow(Opened.AddSeconds(-61).ToUnixTimeMilliseconds(), 1));
    }

    [Fact]
    public void The_window_is_kept_with_the_session_and_a_value_without_one_reads_as_no_permit_taken()
    {
        var state = new SessionState(Opened, Opened, 15.5, Opened.AddSeconds(15), 15);
        var window = new PermitWindow(Opened.ToUnixTimeMilliseconds(), 7);

        RedisListeningSessions.ParseStored(RedisListeningSessions.Format(state, window)).Should().Be(new StoredSession(state, window));
        RedisListeningSessions.Parse(RedisListeningSessions.Format(state, window)).Should().Be(state, "the ended sessions read the state alone");
        RedisListeningSessions.ParseStored(RedisListeningSessions.Format(state)).Permits.Should().Be(default(PermitWindow), "as an older version stored it");
    }
}
