using Mediator;
using NSubstitute;
using Radio.Application.Library;
using Radio.Application.Station;

namespace Radio.UnitTests.Application.Station;

public sealed class ReplanOnLibraryChangeTests
{
    private readonly ISender _sender = Substitute.For<ISender>();

    [Fact]
    public async Task An_added_song_replans_what_is_not_about_to_play()
    {
        await new ReplanOnLibraryChange(_sender).Handle(new SongAdded(5), CancellationToken.None);

        await _sender.Received(1).Send(new KeepScheduleAhead(Replan: true), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_removed_song_only_repairs_the_schedule()
    {
        await new ReplanOnLibraryChange(_sender).Handle(new SongRemoved(5), CancellationToken.None);

        await _sender.Received(1).Send(new KeepScheduleAhead(Replan: false), Arg.Any<CancellationToken>());
    }
}
