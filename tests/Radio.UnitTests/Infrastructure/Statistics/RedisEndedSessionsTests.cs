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
    public void An_ended_session_reads_back_from_its_entry(string id)
    {
        var listener = new ListenerId(id);
        var state = new SessionState(Noon, Noon.AddSeconds(-5), 95.5, Noon.AddSeconds(90), 91.25);

        var session = RedisEndedSessions.Parse(RedisEndedSessions.Entry(listener, RedisListeningSessions.Format(state)));

        session.Should().Be(new EndedSession(listener, Noon, Noon.AddSeconds(90), 91.25));
    }
}
