using Radio.Application.Common;
using Radio.Application.Library;

namespace Radio.UnitTests.Application.Common;

public sealed class PagingTests
{
    [Theory]
    [InlineData(0, 0, "limit")]
    [InlineData(201, 0, "limit")]
    [InlineData(50, -1, "offset")]
    public void Out_of_range_paging_is_rejected_under_the_wire_names(int limit, int offset, string property)
    {
        new ListArtistsValidator().Validate(new ListArtists(new Page(limit, offset)))
            .Errors.Should().ContainSingle().Which.PropertyName.Should().Be(property);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(200, 1_000_000)]
    public void Paging_in_range_is_accepted(int limit, int offset)
    {
        new ListArtistsValidator().Validate(new ListArtists(new Page(limit, offset))).IsValid.Should().BeTrue();
    }

    [Fact]
    public void The_defaults_are_the_contracts()
    {
        new Page().Should().Be(new Page(50, 0));
    }
}
