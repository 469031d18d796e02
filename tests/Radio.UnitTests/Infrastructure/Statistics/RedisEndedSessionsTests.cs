using Radio.Domain.Listening;
using Radio.Domain.Statistics;
using Radio.Infrastructure.Instances;

namespace Radio.UnitTests.Infrastructure.Statistics;

public sealed class RedisEndedSessionsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("user:7")]
    [InlineData("anon:0123456789abcdef0123456789abcdef")]
    [InlineData("anon:a|b")]
    [InlineData("anon:a;b|c")]
    public void An_ended_session_reads_back_from_its_entry_with_or_without_the_listeners_heartbeat_window(string id)
    {
        var listener = new ListenerId(id);
        var state = new SessionState(Noon, Noon.AddSeconds(-5), 95.5, Noon.AddSeconds(90), 91.25);
        var window = new PermitWindow(Noon.ToUnixTimeMilliseconds(), 4);

        var session = RedisEndedSessions.Parse(RedisEndedSessions.Entry(listener, RedisListeningSessions.Format(state)));
        var withWindow = RedisEndedSessions.Parse(RedisEndedSessions.Entry(listener, RedisListeningSessions.Format(state, window)));

        session.Should().Be(new EndedSession(listener, Noon, Noon.AddSeconds(90), 91.25));
        withWindow.Should().Be(session);
    }
}
