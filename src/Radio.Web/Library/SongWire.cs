namespace Radio.Web.Library;

/// <summary>The contract's Song object.</summary>
public sealed record SongResponse(
    int Id,
    string Title,
    int? AlbumId,
    string? AlbumTitle,
    IReadOnlyList<int> ArtistIds,
    string ArtistNames,
    bool HasImage,
    double DurationSeconds);
