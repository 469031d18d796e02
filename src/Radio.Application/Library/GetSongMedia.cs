using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;

namespace Radio.Application.Library;

public enum SongMediaKind
{
    Audio,
    Image,
}

/// <summary>A song's stored MP3 or PNG, opened for reading.</summary>
public sealed record GetSongMedia(int SongId, SongMediaKind Kind) : IQuery<MediaFile>;

/// <summary>An open stored file and its key; a key names one upload's bytes forever, so it makes a strong ETag.</summary>
public sealed record MediaFile(Stream Content, string Key);

public sealed class GetSongMediaHandler(ISongCatalog songs, IMediaStore media) : IQueryHandler<GetSongMedia, MediaFile>
{
    public async ValueTask<MediaFile> Handle(GetSongMedia query, CancellationToken cancellationToken)
    {
        var song = await songs.FindAsync(query.SongId, cancellationToken)
            ?? throw new NotFoundException($"There is no song with the id {query.SongId}.");
        var key = query.Kind == SongMediaKind.Audio
            ? song.AudioKey
            : song.ImageKey ?? throw new NotFoundException($"The song {query.SongId} has no image.");
        var content = media.OpenRead(key)
            ?? throw new NotFoundException($"The {query.Kind.ToString().ToLowerInvariant()} of the song {query.SongId} is missing.");
        return new MediaFile(content, key);
    }
}
