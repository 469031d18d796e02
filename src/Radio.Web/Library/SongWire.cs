namespace Radio.Web.Library;

/// <summary>The contract's Song object; lists that add a field (vibe search, history) extend it.</summary>
public record SongResponse
{
    public required int Id { get; init; }
    public required string Title { get; init; }
    public required int? AlbumId { get; init; }
    public required string? AlbumTitle { get; init; }
    public required IReadOnlyList<int> ArtistIds { get; init; }
    public required string ArtistNames { get; init; }
    public required bool HasImage { get; init; }
    public required double DurationSeconds { get; init; }

    /// <summary>Whether the song is in the station's programme (its station rendition is ready).</summary>
    public required bool StationReady { get; init; }
}
