namespace Radio.Domain.Library;

/// <summary>
/// A song as every list and detail shows it: the fields of the contract's Song object.
/// <see cref="ArtistNames"/> joins the artists in upload order with ", "; <see cref="StationReady"/>: the song may be on the air.
/// </summary>
public sealed record SongView(
    int Id,
    string Title,
    int? AlbumId,
    string? AlbumTitle,
    IReadOnlyList<int> ArtistIds,
    string ArtistNames,
    bool HasImage,
    double DurationSeconds,
    bool StationReady)
{
    public const string ArtistSeparator = ", ";
}
