namespace Radio.Domain.Library;

/// <summary>One of a song's artists, in the order given at upload.</summary>
public sealed class SongArtist
{
    private SongArtist(int artistId, int position)
    {
        ArtistId = artistId;
        Position = position;
    }

    public int SongId { get; private set; }
    public int ArtistId { get; private set; }
    public Artist? Artist { get; private set; }

    /// <summary>0-based place in the song's artist list.</summary>
    public int Position { get; private set; }

    internal static SongArtist Create(int artistId, int position) => new(artistId, position);
}
