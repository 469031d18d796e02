using Mediator;

namespace Radio.Application.Station;

/// <summary>A song's station rendition is ready (or its upload already has the station's format): it may go on the air.</summary>
public sealed record SongReadyForStation(int SongId) : INotification;

/// <summary>A song that becomes ready joins the current round at once, rather than on the keeper's next tick.</summary>
public sealed class ProgrammeFollowsRenditions(ISender sender) : INotificationHandler<SongReadyForStation>
{
    // the rendition is stored: the programme must follow even though no request waits for it
    public async ValueTask Handle(SongReadyForStation notification, CancellationToken cancellationToken) =>
        await sender.Send(new KeepScheduleAhead(Replan: true), CancellationToken.None);
}
