using Mediator;
using Radio.Domain.Favorites;

namespace Radio.Application.Favorites;

/// <summary>Unmarks a favourite; unmarking a song that is not one (or does not exist) changes nothing.</summary>
public sealed record RemoveFavorite(int UserId, int SongId) : ICommand;

public sealed class RemoveFavoriteHandler(IFavorites favorites) : ICommandHandler<RemoveFavorite>
{
    public async ValueTask<Unit> Handle(RemoveFavorite command, CancellationToken cancellationToken)
    {
        await favorites.RemoveAsync(command.UserId, command.SongId, cancellationToken);
        return Unit.Value;
    }
}
