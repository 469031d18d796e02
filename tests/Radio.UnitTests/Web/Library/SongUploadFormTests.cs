using FluentValidation;
using Radio.Application.Library;
using Radio.Web.Library;

namespace Radio.UnitTests.Web.Library;

public sealed class SongUploadFormTests
{
    private static readonly int[] SevenThenFive = [7, 5];

    [Fact]
    public void Ids_become_numbers_in_the_order_given()
    {
        var command = new SongUploadForm { Title = "t", AlbumId = " 44 ", ArtistIds = "7, 5" }.ToCommand(uploaderId: 1);

        command.AlbumId.Should().Be(44);
        command.ArtistIds.Should().Equal(SevenThenFive);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_id_field_is_absent(string? text)
    {
        var command = new SongUploadForm { Title = "t", AlbumId = text, ArtistIds = text }.ToCommand(uploaderId: 1);

        command.AlbumId.Should().BeNull();
        command.ArtistIds.Should().BeNull();
    }

    [Theory]
    [InlineData("x")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1,2")]
    [InlineData("99999999999")]
    public void An_album_id_that_is_not_one_positive_number_is_a_validation_failure(string text)
    {
        var act = () => new SongUploadForm { AlbumId = text }.ToCommand(uploaderId: 1);

        act.Should().Throw<ValidationException>().Which.Errors.Should().ContainSingle()
            .Which.PropertyName.Should().Be(nameof(UploadSong.AlbumId));
    }

    [Theory]
    [InlineData("1;2")]
    [InlineData("1,,2")]
    [InlineData(" , ")]
    [InlineData("1,x")]
    public void Artist_ids_that_are_not_positive_numbers_are_a_validation_failure(string text)
    {
        var act = () => new SongUploadForm { ArtistIds = text }.ToCommand(uploaderId: 1);

        act.Should().Throw<ValidationException>().Which.Errors.Should().ContainSingle()
            .Which.PropertyName.Should().Be(nameof(UploadSong.ArtistIds), "a list of blanks is not absent");
    }

    [Fact]
    public void Both_bad_id_fields_are_named_in_one_failure()
    {
        var act = () => new SongUploadForm { AlbumId = "a", ArtistIds = "b" }.ToCommand(uploaderId: 1);

        act.Should().Throw<ValidationException>().Which.Errors.Select(e => e.PropertyName)
            .Should().BeEquivalentTo(nameof(UploadSong.AlbumId), nameof(UploadSong.ArtistIds));
    }
}
