using Mediator;
using Radio.Application.Library;

namespace Radio.Application.Station;

/// <summary>New songs join the current round, deleted ones leave the schedule, at once rather than on the keeper's next tick.</summary>
public sealed class ReplanOnLibraryChange(ISender sender) : INotificationHandler<SongAdded>, INotificationHandler<SongRemoved>
{
    public async ValueTask Handle(SongAdded notification, CancellationToken cancellationToken) =>
        await sender.Send(new KeepScheduleAhead(Replan: true), cancellationToken);

    public async ValueTask Handle(SongRemoved notification, CancellationToken cancellationToken) =>
        await sender.Send(new KeepScheduleAhead(), cancellationToken);
}
