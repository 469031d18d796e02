using Mediator;
using NSubstitute;
using Radio.Application.Library;
using Radio.Application.Station;

namespace Radio.UnitTests.Application.Station;

public sealed class ReplanOnLibraryChangeTests
{
    private readonly ISender _sender = Substitute.For<ISender>();

    [Fact]
    public async Task A_song_ready_for_the_station_replans_what_is_not_about_to_play()
    {
        await new ReplanOnLibraryChange(_sender).Handle(new SongReadyForStation(5), CancellationToken.None);

        await _sender.Received(1).Send(new KeepScheduleAhead(Replan: true), Arg.Any<CancellationToken>());
    }

    [Fact]
    public void An_uploaded_song_does_not_replan_before_it_is_ready_for_the_station()
    {
        typeof(ReplanOnLibraryChange).Should().NotImplement<INotificationHandler<SongAdded>>(
            "an upload cannot be drawn until its rendition is ready");
    }

    [Fact]
    public async Task A_removed_song_only_repairs_the_schedule()
    {
        await new ReplanOnLibraryChange(_sender).Handle(new SongRemoved(5), CancellationToken.None);

        await _sender.Received(1).Send(new KeepScheduleAhead(Replan: false), Arg.Any<CancellationToken>());
    }
}
