using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>One album with its songs in upload order.</summary>
public sealed record GetAlbum(int AlbumId) : IQuery<AlbumDetails>;

public sealed record AlbumDetails(int Id, string Title, int ArtistId, string ArtistName, IReadOnlyList<SongView> Songs);

public sealed class GetAlbumHandler(IAlbums albums, ISongCatalog songs) : IQueryHandler<GetAlbum, AlbumDetails>
{
    public async ValueTask<AlbumDetails> Handle(GetAlbum query, CancellationToken cancellationToken)
    {
        var album = await albums.FindViewAsync(query.AlbumId, cancellationToken)
            ?? throw new NotFoundException($"There is no album with the id {query.AlbumId}.");
        var songIds = await albums.SongIdsAsync(album.Id, cancellationToken);
        var views = await songs.ViewsAsync(songIds, cancellationToken);
        return new AlbumDetails(
            album.Id, album.Title, album.ArtistId, album.ArtistName,
            [.. songIds.Where(views.ContainsKey).Select(id => views[id])]);
    }
}
