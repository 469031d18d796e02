using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>One song as the contract's Song object.</summary>
public sealed record GetSong(int SongId) : IQuery<SongView>;

public sealed class GetSongHandler(ISongCatalog songs) : IQueryHandler<GetSong, SongView>
{
    public async ValueTask<SongView> Handle(GetSong query, CancellationToken cancellationToken) =>
        await songs.FindViewAsync(query.SongId, cancellationToken)
        ?? throw new NotFoundException($"There is no song with the id {query.SongId}.");
}
