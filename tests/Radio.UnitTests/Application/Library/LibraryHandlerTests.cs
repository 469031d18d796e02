using Mediator;
using NSubstitute;
using Radio.Application.Common;
using Radio.Application.Library;
using Radio.Domain.Accounts;
using Radio.Domain.Library;

namespace Radio.UnitTests.Application.Library;

public sealed class LibraryHandlerTests
{
    private const int SongId = 7;
    private const int SongArtist = 3;
    private const int MaxTags = 5;
    private static readonly SongView Song = new(SongId, "Song", null, null, [SongArtist], "Artist", false, 100, StationReady: true);

    private readonly ISongCatalog _catalog = Substitute.For<ISongCatalog>();
    private readonly IUserAccounts _accounts = Substitute.For<IUserAccounts>();
    private readonly ILibraryTags _tags = Substitute.For<ILibraryTags>();
    private readonly IPublisher _publisher = Substitute.For<IPublisher>();
    private readonly ISongSearchIndex _index = Substitute.For<ISongSearchIndex>();

    public LibraryHandlerTests()
    {
        _catalog.FindViewAsync(SongId, Arg.Any<CancellationToken>()).Returns(Song);
        _tags.ReplaceScoresAsync(SongId, Arg.Any<IReadOnlyList<TagScore>>(), MaxTags, Arg.Any<CancellationToken>())
            .Returns(TagReplacement.Replaced);
        _tags.ScoresOfAsync(SongId, Arg.Any<CancellationToken>()).Returns([new TagScore("Chill", 0.5)]);
    }

    private ReplaceSongTagsHandler ReplaceHandler() => new(_catalog, _accounts, _tags, _publisher, new LibraryOptions { MaxTags = MaxTags });

    private void Caller(int id, User user) => _accounts.FindAsync(id, Arg.Any<CancellationToken>()).Returns(user);

    private static User ArtistUser(int artistId)
    {
        var user = User.CreateArtist("artist", "Artist", DateTimeOffset.UnixEpoch);
        typeof(User).GetProperty(nameof(User.ArtistId))!.SetValue(user, artistId);
        return user;
    }

    [Fact]
    public async Task An_admin_replaces_the_tags_and_the_change_is_published()
    {
        Caller(1, User.CreateAdmin("admin", DateTimeOffset.UnixEpoch));

        var scores = await ReplaceHandler().Handle(new ReplaceSongTags(SongId, [new(" Chill ", 0.5)], 1), CancellationToken.None);

        scores.Should().Equal(new TagScore("Chill", 0.5));
        await _tags.Received().ReplaceScoresAsync(
            SongId, Arg.Is<IReadOnlyList<TagScore>>(s => s.Single() == new TagScore("Chill", 0.5)), MaxTags, Arg.Any<CancellationToken>());
        await _publisher.Received().Publish(new SongTagsChanged(SongId), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_artist_of_the_song_may_replace_its_tags()
    {
        Caller(2, ArtistUser(SongArtist));

        await ReplaceHandler().Handle(new ReplaceSongTags(SongId, [], 2), CancellationToken.None);

        await _publisher.Received().Publish(new SongTagsChanged(SongId), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Another_artist_a_listener_or_an_anonymous_caller_is_forbidden_and_nothing_changes()
    {
        Caller(2, ArtistUser(99));
        Caller(3, User.CreateListener("listener", DateTimeOffset.UnixEpoch));

        foreach (var caller in new int?[] { 2, 3, null })
        {
            var act = () => ReplaceHandler().Handle(new ReplaceSongTags(SongId, [], caller), CancellationToken.None).AsTask();
            await act.Should().ThrowAsync<ForbiddenException>();
        }

        await _tags.DidNotReceiveWithAnyArgs().ReplaceScoresAsync(default, default!, default, default);
        await _publisher.DidNotReceiveWithAnyArgs().Publish(default(SongTagsChanged)!, default);
    }

    [Fact]
    public async Task New_tags_past_the_limit_are_a_conflict_and_nothing_is_published()
    {
        Caller(1, User.CreateAdmin("admin", DateTimeOffset.UnixEpoch));
        _tags.ReplaceScoresAsync(SongId, Arg.Any<IReadOnlyList<TagScore>>(), MaxTags, Arg.Any<CancellationToken>())
            .Returns(TagReplacement.TooManyTags);

        var act = () => ReplaceHandler().Handle(new ReplaceSongTags(SongId, [new("New", 0.5)], 1), CancellationToken.None).AsTask();

        (await act.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Contain("5");
        await _publisher.DidNotReceiveWithAnyArgs().Publish(default(SongTagsChanged)!, default);
    }

    [Fact]
    public async Task Tagging_an_unknown_song_is_not_found()
    {
        var act = () => ReplaceHandler().Handle(new ReplaceSongTags(404, [], 1), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task Search_keeps_the_index_order_and_drops_songs_deleted_meanwhile()
    {
        _index.Search("q", 50, 0).Returns([9, 7, 8]);
        _catalog.ViewsAsync(Arg.Any<IReadOnlyCollection<int>>(), Arg.Any<CancellationToken>())
            .Returns(new Dictionary<int, SongView> { [7] = Song, [9] = Song with { Id = 9 } });

        var songs = await new SearchSongsHandler(_index, _catalog).Handle(new SearchSongs("q", new Page()), CancellationToken.None);

        songs.Select(s => s.Id).Should().Equal(9, 7);
    }

    [Fact]
    public async Task A_vibe_search_naming_an_unknown_tag_fails_validation_naming_it()
    {
        _tags.FindAsync(Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>()).Returns([Tag.Create("Chill")]);
        var handler = new VibeSearchHandler(_tags, _index, _catalog);

        var act = () => handler.Handle(new VibeSearch([new("chill", 0.5), new("Nope", 0.5)]), CancellationToken.None).AsTask();

        (await act.Should().ThrowAsync<FluentValidation.ValidationException>())
            .Which.Errors.Should().ContainSingle(e => e.PropertyName == "tags[1].name" && e.ErrorMessage.Contains("'Nope'"));
    }
}
