using Mediator;
using Radio.Application.Library;

namespace Radio.Application.Station;

/// <summary>
/// Songs that become ready for the station join the current round, deleted ones leave the schedule, at once rather
/// than on the keeper's next tick.
/// </summary>
public sealed class ReplanOnLibraryChange(ISender sender)
    : INotificationHandler<SongReadyForStation>, INotificationHandler<SongRemoved>
{
    // the rendition is stored whether or not a request waits for it: the programme must follow it regardless
    public async ValueTask Handle(SongReadyForStation notification, CancellationToken cancellationToken) =>
        await sender.Send(new KeepScheduleAhead(Replan: true), CancellationToken.None);

    public async ValueTask Handle(SongRemoved notification, CancellationToken cancellationToken) =>
        await sender.Send(new KeepScheduleAhead(), cancellationToken);
}
