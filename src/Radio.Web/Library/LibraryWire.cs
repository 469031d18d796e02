namespace Radio.Web.Library;

public sealed record ArtistResponse(int Id, string Name, int SongCount);

public sealed record AlbumResponse(int Id, string Title, int ArtistId, string ArtistName);

/// <summary>One album with its songs in upload order.</summary>
public sealed record AlbumDetailResponse(int Id, string Title, int ArtistId, string ArtistName, IReadOnlyList<SongResponse> Songs);

public sealed record CreateAlbumRequest(string? Title, int? ArtistId);
