namespace Radio.Domain.Library;

/// <summary>A release by one artist that songs may belong to.</summary>
public sealed class Album
{
    public const int MaxTitleLength = 200;

    private Album(string title, int artistId, DateTimeOffset createdAt)
    {
        Title = title;
        ArtistId = artistId;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public string Title { get; private set; }
    public int ArtistId { get; private set; }
    public Artist? Artist { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static Album Create(string title, int artistId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        var trimmed = title.Trim();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trimmed.Length, MaxTitleLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(artistId);
        return new Album(trimmed, artistId, now);
    }
}
