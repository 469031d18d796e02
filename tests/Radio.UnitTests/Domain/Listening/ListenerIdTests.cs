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

    [Fact]
    public void A_generated_key_is_written_as_tokens_and_cookies_carry_it_and_read_back()
    {
        var key = Guid.NewGuid();

        var listener = ListenerId.ForAnonymous(key);

        listener.Value.Should().Be("anon:" + key.ToString("N"));
        listener.TryGetAnonymousKey(out var back).Should().BeTrue();
        back.Should().Be(key);
    }

    [Fact]
    public void Only_a_generated_anonymous_key_reads_back_as_a_key()
    {
        ListenerId.ForUser(7).TryGetAnonymousKey(out _).Should().BeFalse();
        ListenerId.ForAnonymous("abc").TryGetAnonymousKey(out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("user:7", true)]
    [InlineData("anon:abc", true)]
    [InlineData("anon:", false)]
    [InlineData("user:x", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_token_subject_parses_only_when_it_is_a_listener_id(string? subject, bool parses)
    {
        ListenerId.TryParse(subject, out var listener).Should().Be(parses);

        if (parses)
        {
            listener.Value.Should().Be(subject);
        }
    }
}
