using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Radio.Application.Common;
using Radio.Application.Statistics;
using Radio.Domain.Accounts;
using Radio.Domain.Library;
using Radio.Domain.Statistics;

namespace Radio.UnitTests.Application.Statistics;

public sealed class GetArtistStatsTests
{
    private const int ArtistId = 4;
    private static readonly DateTimeOffset Noon = new(2026, 2, 8, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Noon);
    private readonly IArtists _artists = Substitute.For<IArtists>();
    private readonly IUserAccounts _accounts = Substitute.For<IUserAccounts>();
    private readonly ISongStatistics _statistics = Substitute.For<ISongStatistics>();
    private readonly ISongCatalog _catalog = Substitute.For<ISongCatalog>();

    public GetArtistStatsTests()
    {
        _artists.FindViewAsync(ArtistId, Arg.Any<CancellationToken>()).Returns(new ArtistView(ArtistId, "Band", 3));
        _accounts.FindAsync(1, Arg.Any<CancellationToken>()).Returns(User.CreateAdmin("admin", Noon));
        _accounts.FindAsync(2, Arg.Any<CancellationToken>()).Returns(ArtistAccount(ArtistId));
        _accounts.FindAsync(3, Arg.Any<CancellationToken>()).Returns(ArtistAccount(ArtistId + 1));
        _accounts.FindAsync(5, Arg.Any<CancellationToken>()).Returns(User.CreateListener("listener", Noon));
        _statistics.ReadAsync(ArtistId, Noon.AddDays(-7), Noon, Arg.Any<CancellationToken>()).Returns(
        [
            new SongTally(30, 100, 1, 0, 0), new SongTally(10, 0, 0, 0, 0), new SongTally(20, 100, 2, 3, 4),
        ]);
        _catalog.ViewsAsync(default!, default).ReturnsForAnyArgs(call => ((IReadOnlyCollection<int>)call[0])
            .ToDictionary(id => id, id => new SongView(id, $"song {id}", null, null, [ArtistId], "Band", false, 200, true)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_artists_own_account_and_an_admin_get_every_song_most_listened_first_then_by_id(int callerId)
    {
        var result = await Handler().Handle(new GetArtistStats(ArtistId, callerId, null, null), CancellationToken.None);

        result.Select(s => s.Song.Id).Should().Equal([20, 30, 10], "100 s each for 20 and 30, then the song nobody heard");
        result[0].Should().BeEquivalentTo(new { ListeningSeconds = 100L, Listens = 2L, Requests = 3L, Favorites = 4L });
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(99)]
    public async Task Another_artists_account_a_listener_or_an_unknown_account_is_forbidden(int callerId)
    {
        var act = () => Handler().Handle(new GetArtistStats(ArtistId, callerId, null, null), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<ForbiddenException>();
        await _statistics.DidNotReceiveWithAnyArgs().ReadAsync(default, default, default, default);
    }

    [Fact]
    public async Task An_unknown_artist_is_not_found_even_for_an_admin()
    {
        var act = () => Handler().Handle(new GetArtistStats(77, 1, null, null), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task The_range_asked_for_is_read_in_UTC()
    {
        var from = Noon.AddDays(-30).ToOffset(TimeSpan.FromHours(2));

        await Handler().Handle(new GetArtistStats(ArtistId, 1, from, Noon.AddDays(-1)), CancellationToken.None);

        await _statistics.Received(1).ReadAsync(
            ArtistId, Arg.Is<DateTimeOffset>(t => t == Noon.AddDays(-30) && t.Offset == TimeSpan.Zero), Noon.AddDays(-1),
            Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(366, 0, true)]
    [InlineData(366, 1, false)]
    [InlineData(-1, 0, false)]
    public void The_range_follows_the_station_statistics_rule(int days, int extraSeconds, bool valid)
    {
        var query = new GetArtistStats(ArtistId, 1, Noon.AddDays(-days).AddSeconds(-extraSeconds), Noon);

        var result = new GetArtistStatsValidator(_clock).Validate(query);

        result.IsValid.Should().Be(valid);
        if (!valid)
        {
            result.Errors.Should().ContainSingle().Which.PropertyName.Should().Be("from");
        }
    }

    [Fact]
    public void Without_to_the_7_days_up_to_now_may_not_start_more_than_366_days_back()
    {
        new GetArtistStatsValidator(_clock).Validate(new GetArtistStats(ArtistId, 1, Noon.AddDays(-367), null))
            .IsValid.Should().BeFalse();
    }

    private GetArtistStatsHandler Handler() => new(_artists, _accounts, _statistics, _catalog, _clock);

    private static User ArtistAccount(int artistId)
    {
        var user = User.CreateArtist($"artist{artistId}", "Name", Noon);
        typeof(User).GetProperty(nameof(User.ArtistId))!.SetValue(user, artistId);
        return user;
    }
}
