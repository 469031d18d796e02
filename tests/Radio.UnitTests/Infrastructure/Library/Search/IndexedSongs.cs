using Radio.Domain.Library;
using Radio.Infrastructure.Library.Search;

namespace Radio.UnitTests.Infrastructure.Library.Search;

/// <summary>Songs and artists for the index tests, and an index loaded with them.</summary>
internal static class IndexedSongs
{
    public static readonly IndexedArtist Plain = new(1, "plain");
    public static readonly IndexedArtist Beyonce = new(2, SearchText.Fold("Beyoncé"));
    public static readonly IndexedArtist Lovers = new(3, "lovers");

    public static IndexedSong Song(int id, string title, IndexedArtist[]? artists = null, params (int, double)[] tags) =>
        new(id, SearchText.Fold(title), artists ?? [Plain], tags);

    public static SongSearchIndex IndexOf(params IndexedSong[] songs)
    {
        var index = new SongSearchIndex();
        index.Load(songs);
        return index;
    }
}
