using Radio.Domain.Listening;

namespace Radio.UnitTests.Domain.Listening;

public sealed class AnonymousListenerTests
{
    [Fact]
    public void The_name_is_Listener_and_four_digits_and_stable_for_a_key()
    {
        var key = Guid.NewGuid();

        var name = AnonymousListener.NameFor(key);

        name.Should().MatchRegex("^Listener_\\d{4}$");
        AnonymousListener.NameFor(key).Should().Be(name);
    }
}
