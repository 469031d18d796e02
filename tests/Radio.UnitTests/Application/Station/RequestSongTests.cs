using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Radio.Application.Common;
using Radio.Application.Station;
using Radio.Domain.Accounts;
using Radio.Domain.Library;
using Radio.Domain.Station;

namespace Radio.UnitTests.Application.Station;

public sealed class RequestSongTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Noon);
    private readonly IStationSchedule _schedule = Substitute.For<IStationSchedule>();
    private readonly ISongRequests _requests = Substitute.For<ISongRequests>();
    private readonly ISongCatalog _catalog = Substitute.For<ISongCatalog>();
    private readonly IUserAccounts _accounts = Substitute.For<IUserAccounts>();
    private readonly ISender _sender = Substitute.For<ISender>();
    private readonly User _listener = User.CreateListener("listener", Noon);

    public RequestSongTests()
    {
        _catalog.FindViewAsync(9, Arg.Any<CancellationToken>()).Returns(View(9, stationReady: true));
        _accounts.FindAsync(Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(_listener);
        var playing = ScheduleEntry.First(1, 60, Noon);
        _schedule.UpcomingAsync(default, default).ReturnsForAnyArgs([playing]);
        _schedule.LastAsync(default).ReturnsForAnyArgs(playing);
        _schedule.StillInLibraryAsync(default!, default).ReturnsForAnyArgs(new HashSet<int> { 1 });
    }

    [Fact]
    public async Task An_unknown_song_is_not_found_and_nothing_is_placed()
    {
        var act = () => Handler().Handle(new RequestSong(404, 7), default).AsTask();

        await act.Should().ThrowAsync<NotFoundException>();
        await _requests.DidNotReceiveWithAnyArgs().TryPlaceAsync(default!, default!, default);
    }

    [Fact]
    public async Task A_song_without_its_station_rendition_is_a_conflict()
    {
        _catalog.FindViewAsync(9, Arg.Any<CancellationToken>()).Returns(View(9, stationReady: false));

        var act = () => Handler().Handle(new RequestSong(9, 7), default).AsTask();

        (await act.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Contain("not ready");
    }

    [Fact]
    public async Task A_request_within_the_interval_is_refused_with_the_time_left()
    {
        _requests.LatestByAsync(Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Noon.AddMinutes(-3));

        var act = () => Handler().Handle(new RequestSong(9, 7), default).AsTask();

        (await act.Should().ThrowAsync<TooManyRequestsException>()).Which.RetryAfter.Should().Be(TimeSpan.FromMinutes(7));
        await _requests.DidNotReceiveWithAnyArgs().TryPlaceAsync(default!, default!, default);
    }

    [Fact]
    public async Task A_request_placed_after_the_song_on_the_air_is_stored_and_the_schedule_topped_up()
    {
        _requests.TryPlaceAsync(default!, default!, default).ReturnsForAnyArgs(true);

        var result = await Handler().Handle(new RequestSong(9, 7), default);

        result.RequestedBy.Should().Be("listener");
        result.RequestedAt.Should().Be(Noon);
        await _requests.Received(1).TryPlaceAsync(
            Arg.Is<ScheduleEntry>(e => e.SongId == 9 && e.Sequence == 2 && e.StartsAt == Noon.AddSeconds(60) && e.IsRequest),
            Arg.Any<IReadOnlyList<ScheduleEntry>>(), Arg.Any<CancellationToken>());
        await _sender.Received(1).Send(Arg.Any<KeepScheduleAhead>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_request_that_lost_a_race_is_checked_and_placed_again_on_a_fresh_read()
    {
        _requests.TryPlaceAsync(default!, default!, default).ReturnsForAnyArgs(false, true);

        await Handler().Handle(new RequestSong(9, 7), default);

        await _requests.ReceivedWithAnyArgs(2).TryPlaceAsync(default!, default!, default);
        await _schedule.ReceivedWithAnyArgs(2).UpcomingAsync(default, default);
    }

    [Fact]
    public async Task A_request_the_schedule_keeps_refusing_is_a_conflict_not_a_loop()
    {
        _requests.TryPlaceAsync(default!, default!, default).ReturnsForAnyArgs(false);

        var act = () => Handler().Handle(new RequestSong(9, 7), default).AsTask();

        await act.Should().ThrowAsync<ConflictException>();
        await _requests.ReceivedWithAnyArgs(5).TryPlaceAsync(default!, default!, default);
    }

    private static SongView View(int id, bool stationReady) => new(id, "Song", null, null, [1], "Artist", false, 120, stationReady);

    private RequestSongHandler Handler() => new(
        _schedule, _requests, _catalog, _accounts, _sender, new RequestOptions(), _clock, NullLogger<RequestSongHandler>.Instance);
}
