using Radio.Domain.Listening;

namespace Radio.UnitTests.Domain.Listening;

public sealed class ListenerIdTests
{
    [Fact]
    public void Accounts_and_anonymous_listeners_have_distinct_ids()
    {
        ListenerId.ForUser(7).Should().Be(new ListenerId("user:7"));
        ListenerId.ForUser(7).UserId.Should().Be(7);
        ListenerId.ForAnonymous("abc").IsAnonymous.Should().BeTrue();
        ListenerId.ForAnonymous("abc").UserId.Should().BeNull();
    }

    [Theory]
    [InlineData("7")]
    [InlineData("user:")]
    [InlineData("user:x")]
    [InlineData("anon:")]
    [InlineData("guest:1")]
    public void Anything_else_is_not_a_listener_id(string value)
    {
        var create = () => new ListenerId(value);

        create.Should().Throw<ArgumentException>();
    }
}
