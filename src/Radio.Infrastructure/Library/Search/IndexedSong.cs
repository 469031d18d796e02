namespace Radio.Infrastructure.Library.Search;

/// <summary>One song as the index holds it: folded title, artists in order, tag scores.</summary>
internal sealed record IndexedSong(
    int Id, string TitleKey, IReadOnlyList<IndexedArtist> Artists, IReadOnlyList<(int TagId, double Score)> Tags);

internal sealed record IndexedArtist(int Id, string NameKey);
