using Mediator;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>Deletes a song with its audio and image; an admin or an artist of the song may.</summary>
public sealed record RemoveSong(int SongId, int CallerId) : ICommand;

public sealed class RemoveSongHandler(IUserAccounts accounts, ISongCatalog songs, IMediaStore media, IPublisher publisher)
    : ICommandHandler<RemoveSong>
{
    public async ValueTask<Unit> Handle(RemoveSong command, CancellationToken cancellationToken)
    {
        var song = await songs.FindAsync(command.SongId, cancellationToken)
            ?? throw new NotFoundException($"There is no song with the id {command.SongId}.");
        var caller = await accounts.FindAsync(command.CallerId, cancellationToken);
        if (caller is null || !song.MayBeChangedBy(caller))
        {
            throw new ForbiddenException("Only an admin or an artist of the song may delete it.");
        }

        await songs.RemoveAsync(song, cancellationToken);

        // files go after the row commit: a crash in between leaves an unused file, never a song without its audio
        media.Delete(song.AudioKey);
        if (song.RenditionKey is { } renditionKey)
        {
            media.Delete(renditionKey);
        }

        if (song.ImageKey is { } imageKey)
        {
            media.Delete(imageKey);
        }

        // committed: listeners must hear of it even if the client has gone
        await publisher.Publish(new SongRemoved(song.Id), CancellationToken.None);
        return Unit.Value;
    }
}
