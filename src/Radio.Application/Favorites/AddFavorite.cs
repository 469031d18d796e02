using Mediator;
using Radio.Application.Common;
using Radio.Domain.Favorites;

namespace Radio.Application.Favorites;

/// <summary>Marks a song as one of the account's favourites; marking it again changes nothing.</summary>
public sealed record AddFavorite(int UserId, int SongId) : ICommand;

public sealed class AddFavoriteHandler(IFavorites favorites, TimeProvider clock) : ICommandHandler<AddFavorite>
{
    public async ValueTask<Unit> Handle(AddFavorite command, CancellationToken cancellationToken)
    {
        // no song has an id below 1: such an id is as unknown as any other (and the entity refuses it)
        if (command.SongId < 1
            || !await favorites.AddAsync(Favorite.Create(command.UserId, command.SongId, clock.GetUtcNow()), cancellationToken))
        {
            throw new NotFoundException($"There is no song with the id {command.SongId}.");
        }

        return Unit.Value;
    }
}
