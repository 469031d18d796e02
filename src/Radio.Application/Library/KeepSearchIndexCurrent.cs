using Mediator;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>Brings the search index up to date after each committed library change.</summary>
public sealed class KeepSearchIndexCurrent(ISongSearchIndexLoader loader)
    : INotificationHandler<SongAdded>, INotificationHandler<SongRemoved>, INotificationHandler<SongTagsChanged>
{
    // The change is committed: the index must follow even if the caller has gone, so the request's token is not used.
    public async ValueTask Handle(SongAdded notification, CancellationToken cancellationToken) =>
        await loader.RefreshAsync(notification.SongId, CancellationToken.None);

    public async ValueTask Handle(SongRemoved notification, CancellationToken cancellationToken) =>
        await loader.RefreshAsync(notification.SongId, CancellationToken.None);

    public async ValueTask Handle(SongTagsChanged notification, CancellationToken cancellationToken) =>
        await loader.RefreshAsync(notification.SongId, CancellationToken.None);
}
