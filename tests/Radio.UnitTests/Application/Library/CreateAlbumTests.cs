using FluentValidation;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Radio.Application.Common;
using Radio.Application.Library;
using Radio.Domain.Accounts;
using Radio.Domain.Library;

namespace Radio.UnitTests.Application.Library;

public sealed class CreateAlbumTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly IUserAccounts _accounts = Substitute.For<IUserAccounts>();
    private readonly IArtists _artists = Substitute.For<IArtists>();
    private readonly IAlbums _albums = Substitute.For<IAlbums>();
    private readonly CreateAlbumHandler _handler;

    public CreateAlbumTests()
    {
        _accounts.FindAsync(20, Arg.Any<CancellationToken>()).Returns(Accounts.Artist(20, artistId: 4));
        _accounts.FindAsync(1, Arg.Any<CancellationToken>()).Returns(Accounts.Admin(1));
        _artists.FindViewAsync(4, Arg.Any<CancellationToken>()).Returns(new ArtistView(4, "Four", 0));
        _artists.FindViewAsync(5, Arg.Any<CancellationToken>()).Returns(new ArtistView(5, "Five", 0));
        _handler = new CreateAlbumHandler(_accounts, _artists, _albums, new FakeTimeProvider(Noon));
    }

    [Theory]
    [InlineData(20, 4)]
    [InlineData(1, 5)]
    public async Task An_artist_for_its_own_artist_and_an_admin_for_any_create_albums(int callerId, int artistId)
    {
        var album = await _handler.Handle(new CreateAlbum(callerId, " Debut ", artistId), CancellationToken.None);

        album.Title.Should().Be("Debut");
        await _albums.Received(1).AddAsync(Arg.Is<Album>(a => a.ArtistId == artistId && a.CreatedAt == Noon), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_artist_creating_for_another_artist_is_forbidden()
    {
        var act = async () => await _handler.Handle(new CreateAlbum(20, "Theirs", 5), CancellationToken.None);

        await act.Should().ThrowAsync<ForbiddenException>();
        await _albums.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
    }

    [Fact]
    public async Task An_unknown_artist_is_a_validation_failure()
    {
        var act = async () => await _handler.Handle(new CreateAlbum(1, "X", 99), CancellationToken.None);

        (await act.Should().ThrowAsync<ValidationException>()).Which.Errors.Should().ContainSingle()
            .Which.ErrorMessage.Should().Contain("99");
    }

    [Theory]
    [InlineData(null, 4, "Title")]
    [InlineData("t", null, "ArtistId")]
    [InlineData("t", 0, "ArtistId")]
    public void The_validator_wants_a_title_and_an_artist(string? title, int? artistId, string property)
    {
        new CreateAlbumValidator().Validate(new CreateAlbum(1, title, artistId))
            .Errors.Should().ContainSingle().Which.PropertyName.Should().Be(property);
    }
}
