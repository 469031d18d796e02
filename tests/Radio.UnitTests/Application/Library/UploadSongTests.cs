using FluentValidation;
using Mediator;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Radio.Application.Common;
using Radio.Application.Library;
using Radio.Domain.Accounts;
using Radio.Domain.Library;

namespace Radio.UnitTests.Application.Library;

public sealed class UploadSongTests
{
    private const int ArtistUserId = 10;
    private const int OwnArtistId = 3;
    private const int AdminUserId = 1;
    private const long Quota = 1_000_000;
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly StagedAudio Audio = new("a.mp3", 48_000, Error: null, DurationSeconds: 3.0);
    private static readonly StagedImage Image = new("i.png", 100, Error: null);

    private static readonly int[] SevenThenFive = [7, 5];
    private const int OwnAlbumId = 30;
    private const int OtherAlbumId = 70;

    private readonly IUserAccounts _accounts = Substitute.For<IUserAccounts>();
    private readonly IArtists _artists = Substitute.For<IArtists>();
    private readonly IAlbums _albums = Substitute.For<IAlbums>();
    private readonly ISongCatalog _songs = Substitute.For<ISongCatalog>();
    private readonly IMediaStore _media = Substitute.For<IMediaStore>();
    private readonly IPublisher _publisher = Substitute.For<IPublisher>();
    private readonly UploadSongHandler _handler;

    public UploadSongTests()
    {
        _accounts.FindAsync(ArtistUserId, Arg.Any<CancellationToken>()).Returns(Accounts.Artist(ArtistUserId, OwnArtistId));
        _accounts.FindAsync(AdminUserId, Arg.Any<CancellationToken>()).Returns(Accounts.Admin(AdminUserId));
        _artists.MissingAsync(Arg.Any<IReadOnlyCollection<int>>(), Arg.Any<CancellationToken>()).Returns([]);
        _albums.FindViewAsync(OwnAlbumId, Arg.Any<CancellationToken>()).Returns(new AlbumView(OwnAlbumId, "Mine", OwnArtistId, "Me"));
        _albums.FindViewAsync(OtherAlbumId, Arg.Any<CancellationToken>()).Returns(new AlbumView(OtherAlbumId, "Theirs", 7, "Seven"));
        _songs.AddAsync(default!, default, default).ReturnsForAnyArgs(true);
        _songs.FindViewAsync(Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(new SongView(0, "Song", null, null, [OwnArtistId], "Me", false, 3.0, false));
        _handler = new UploadSongHandler(
            _accounts, _artists, _albums, _songs, _media, _publisher, new UploadOptions { QuotaBytesPerArtist = Quota }, new FakeTimeProvider(Noon));
    }

    [Fact]
    public async Task An_artist_without_artist_ids_uploads_as_its_own_artist()
    {
        await _handler.Handle(Upload(ArtistUserId, artistIds: null), CancellationToken.None);

        await _songs.Received(1).AddAsync(
            Arg.Is<Song>(s => s.Artists.Single().ArtistId == OwnArtistId && s.UploaderId == ArtistUserId
                && s.CreatedAt == Noon && s.DurationSeconds == 3.0 && s.AudioKey == "a.mp3" && s.AudioBytes == 48_000),
            new StorageQuota(OwnArtistId, Quota),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task The_row_is_committed_then_the_files_then_the_song_added_event()
    {
        await _handler.Handle(Upload(ArtistUserId, image: Image), CancellationToken.None);

        Received.InOrder(() =>
        {
            _songs.AddAsync(Arg.Any<Song>(), Arg.Any<StorageQuota?>(), Arg.Any<CancellationToken>());
            _media.Commit("a.mp3");
            _media.Commit("i.png");
            _publisher.Publish(Arg.Any<SongAdded>(), Arg.Any<CancellationToken>()).AsTask();
        });
        await _songs.Received(1).AddAsync(
            Arg.Is<Song>(s => s.HasImage && s.ImageKey == "i.png" && s.StoredBytes == 48_100), Arg.Any<StorageQuota?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_admin_must_name_the_artists()
    {
        var act = async () => await _handler.Handle(Upload(AdminUserId, artistIds: null), CancellationToken.None);

        (await act.Should().ThrowAsync<ValidationException>()).Which.Errors.Should().ContainSingle()
            .Which.PropertyName.Should().Be(nameof(UploadSong.ArtistIds));
        await _songs.DidNotReceiveWithAnyArgs().AddAsync(default!, default, default);
    }

    [Fact]
    public async Task An_admin_uploads_for_any_artists_in_the_given_order()
    {
        await _handler.Handle(Upload(AdminUserId, artistIds: [7, 5]), CancellationToken.None);

        await _songs.Received(1).AddAsync(
            Arg.Is<Song>(s => s.Artists.Select(a => a.ArtistId).SequenceEqual(SevenThenFive)), null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_upload_past_the_artists_quota_is_forbidden_and_no_file_is_committed()
    {
        _songs.AddAsync(default!, default, default).ReturnsForAnyArgs(false);

        var act = async () => await _handler.Handle(Upload(ArtistUserId, image: Image), CancellationToken.None);

        (await act.Should().ThrowAsync<ForbiddenException>()).Which.Message.Should().Contain("quota");
        _media.DidNotReceiveWithAnyArgs().Commit(default!);
        await _publisher.DidNotReceiveWithAnyArgs().Publish(default(SongAdded)!, default);
    }

    [Fact]
    public async Task An_artist_may_upload_into_an_album_of_one_of_the_songs_artists()
    {
        await _handler.Handle(Upload(ArtistUserId, albumId: OwnAlbumId), CancellationToken.None);
        await _handler.Handle(Upload(ArtistUserId, albumId: OtherAlbumId, artistIds: [OwnArtistId, 7]), CancellationToken.None);

        await _songs.ReceivedWithAnyArgs(2).AddAsync(default!, default, default);
    }

    [Fact]
    public async Task An_artist_putting_a_song_into_an_album_of_no_artist_of_the_song_is_forbidden()
    {
        var act = async () => await _handler.Handle(Upload(ArtistUserId, albumId: OtherAlbumId), CancellationToken.None);

        (await act.Should().ThrowAsync<ForbiddenException>()).Which.Message.Should().Contain("album");
        await _songs.DidNotReceiveWithAnyArgs().AddAsync(default!, default, default);
    }

    [Fact]
    public async Task An_admin_may_put_a_song_into_any_album()
    {
        await _handler.Handle(Upload(AdminUserId, albumId: OtherAlbumId, artistIds: [5]), CancellationToken.None);

        await _songs.Received(1).AddAsync(Arg.Is<Song>(s => s.AlbumId == OtherAlbumId), null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_artist_not_among_the_artists_is_forbidden_and_nothing_is_stored()
    {
        var act = async () => await _handler.Handle(Upload(ArtistUserId, artistIds: [7]), CancellationToken.None);

        await act.Should().ThrowAsync<ForbiddenException>();
        await _songs.DidNotReceiveWithAnyArgs().AddAsync(default!, default, default);
        _media.DidNotReceiveWithAnyArgs().Commit(default!);
    }

    [Fact]
    public async Task Unknown_artists_and_album_are_named_in_one_validation_failure()
    {
        _artists.MissingAsync(Arg.Any<IReadOnlyCollection<int>>(), Arg.Any<CancellationToken>()).Returns([8, 9]);
        _albums.FindViewAsync(44, Arg.Any<CancellationToken>()).Returns((AlbumView?)null);

        var act = async () => await _handler.Handle(Upload(AdminUserId, artistIds: [9, 8], albumId: 44), CancellationToken.None);

        var errors = (await act.Should().ThrowAsync<ValidationException>()).Which.Errors.ToList();
        errors.Should().HaveCount(2);
        errors.Should().Contain(e => e.PropertyName == nameof(UploadSong.ArtistIds) && e.ErrorMessage.Contains("8, 9"));
        errors.Should().Contain(e => e.PropertyName == nameof(UploadSong.AlbumId) && e.ErrorMessage.Contains("44"));
        _media.DidNotReceiveWithAnyArgs().Commit(default!);
    }

    [Fact]
    public async Task When_moving_a_file_fails_the_row_and_files_are_removed_and_no_event_is_published()
    {
        _media.When(m => m.Commit("i.png")).Throw(new IOException("disk gone"));

        var act = async () => await _handler.Handle(Upload(ArtistUserId, image: Image), CancellationToken.None);

        await act.Should().ThrowAsync<IOException>();
        await _songs.Received(1).RemoveAsync(Arg.Any<Song>(), Arg.Any<CancellationToken>());
        _media.Received(1).Delete("a.mp3");
        _media.Received(1).Delete("i.png");
        await _publisher.DidNotReceiveWithAnyArgs().Publish(default(SongAdded)!, default);
    }

    [Fact]
    public async Task When_the_row_cannot_be_stored_no_file_is_committed()
    {
        _songs.AddAsync(Arg.Any<Song>(), Arg.Any<StorageQuota?>(), Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("db down"));

        var act = async () => await _handler.Handle(Upload(ArtistUserId), CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>();
        _media.DidNotReceiveWithAnyArgs().Commit(default!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void The_validator_wants_a_title(string title)
    {
        var result = new UploadSongValidator().Validate(Upload(ArtistUserId, title));

        result.Errors.Should().ContainSingle().Which.PropertyName.Should().Be(nameof(UploadSong.Title));
    }

    [Theory]
    [InlineData(new[] { 1, 1 })]
    [InlineData(new int[0])]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 })]
    public void The_validator_wants_up_to_20_distinct_artists(int[] artistIds)
    {
        var result = new UploadSongValidator().Validate(Upload(ArtistUserId, artistIds: artistIds));

        result.Errors.Should().ContainSingle().Which.PropertyName.Should().Be(nameof(UploadSong.ArtistIds));
    }

    [Fact]
    public void The_validator_wants_a_positive_album_id()
    {
        var result = new UploadSongValidator().Validate(Upload(ArtistUserId, albumId: 0));

        result.Errors.Should().ContainSingle().Which.PropertyName.Should().Be(nameof(UploadSong.AlbumId));
    }

    [Fact]
    public void The_validator_wants_real_audio_and_a_real_png()
    {
        var command = Upload(ArtistUserId, image: Image with { Error = "bad crc" }) with
        {
            Audio = Audio with { Error = "no frames" },
        };

        var result = new UploadSongValidator().Validate(command);

        result.Errors.Select(e => e.PropertyName).Should().BeEquivalentTo("file", "Image");
        result.Errors.Should().Contain(e => e.ErrorMessage.Contains("no frames"));
    }

    [Fact]
    public void The_validator_wants_a_file()
    {
        var result = new UploadSongValidator().Validate(Upload(ArtistUserId) with { Audio = null });

        result.Errors.Should().ContainSingle().Which.ErrorMessage.Should().Be("file is required.");
    }

    private static UploadSong Upload(
        int uploaderId, string title = "Song", int? albumId = null, int[]? artistIds = null, StagedImage? image = null) =>
        new(uploaderId, title, albumId, artistIds, Audio, image);
}
