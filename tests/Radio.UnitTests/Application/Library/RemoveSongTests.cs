using Mediator;
using NSubstitute;
using Radio.Application.Common;
using Radio.Application.Library;
using Radio.Domain.Accounts;
using Radio.Domain.Library;

namespace Radio.UnitTests.Application.Library;

public sealed class RemoveSongTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly IUserAccounts _accounts = Substitute.For<IUserAccounts>();
    private readonly ISongCatalog _songs = Substitute.For<ISongCatalog>();
    private readonly IMediaStore _media = Substitute.For<IMediaStore>();
    private readonly IPublisher _publisher = Substitute.For<IPublisher>();
    private readonly RemoveSongHandler _handler;
    private readonly Song _song = Song.Create("Song", [3, 4], null, 3.0, "a.mp3", 1000, 10, Noon);

    public RemoveSongTests()
    {
        _song.AttachImage("i.png", 100);
        _songs.FindAsync(5, Arg.Any<CancellationToken>()).Returns(_song);
        _handler = new RemoveSongHandler(_accounts, _songs, _media, _publisher);
    }

    [Fact]
    public async Task An_artist_of_the_song_removes_the_row_then_the_files_then_publishes()
    {
        _accounts.FindAsync(20, Arg.Any<CancellationToken>()).Returns(Accounts.Artist(20, artistId: 4));

        await _handler.Handle(new RemoveSong(5, 20), CancellationToken.None);

        Received.InOrder(() =>
        {
            _songs.RemoveAsync(_song, Arg.Any<CancellationToken>());
            _media.Delete("a.mp3");
            _media.Delete("i.png");
            _publisher.Publish(Arg.Any<SongRemoved>(), Arg.Any<CancellationToken>()).AsTask();
        });
    }

    [Fact]
    public async Task An_artist_not_of_the_song_is_forbidden_and_nothing_is_deleted()
    {
        _accounts.FindAsync(20, Arg.Any<CancellationToken>()).Returns(Accounts.Artist(20, artistId: 9));

        var act = async () => await _handler.Handle(new RemoveSong(5, 20), CancellationToken.None);

        await act.Should().ThrowAsync<ForbiddenException>();
        await _songs.DidNotReceiveWithAnyArgs().RemoveAsync(default!, default);
        _media.DidNotReceiveWithAnyArgs().Delete(default!);
    }

    [Fact]
    public async Task An_unknown_song_is_not_found()
    {
        var act = async () => await _handler.Handle(new RemoveSong(6, 20), CancellationToken.None);

        await act.Should().ThrowAsync<NotFoundException>();
    }
}

/// <summary>Stored accounts as the database returns them, ids included.</summary>
internal static class Accounts
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    public static User Artist(int userId, int artistId)
    {
        var user = User.CreateArtist($"artist{userId}", "Name", Noon);
        typeof(User).GetProperty(nameof(User.Id))!.SetValue(user, userId);
        typeof(User).GetProperty(nameof(User.ArtistId))!.SetValue(user, artistId);
        return user;
    }

    public static User Admin(int userId)
    {
        var user = User.CreateAdmin($"admin{userId}", Noon);
        typeof(User).GetProperty(nameof(User.Id))!.SetValue(user, userId);
        return user;
    }
}
