using Radio.Domain.Accounts;

namespace Radio.Domain.Library;

/// <summary>A track in the library: its metadata, its ordered artists, its stored audio and optional album art.</summary>
public sealed partial class Song
{
    public const int MaxTitleLength = 200;
    public const int MaxStorageKeyLength = 100;

    private readonly List<SongArtist> _artists = [];
    private readonly List<SongTag> _tags = [];

    private Song(string title, double durationSeconds, string audioKey, long audioBytes, int uploaderId, DateTimeOffset createdAt)
    {
        Title = title;
        TitleKey = SearchText.Fold(title);
        DurationSeconds = durationSeconds;
        AudioKey = audioKey;
        AudioBytes = audioBytes;
        UploaderId = uploaderId;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public string Title { get; private set; }

    /// <summary>The title folded for search (lower case, no accents).</summary>
    public string TitleKey { get; private set; }

    public int? AlbumId { get; private set; }
    public Album? Album { get; private set; }
    public double DurationSeconds { get; private set; }

    /// <summary>The server-chosen name of the stored MP3.</summary>
    public string AudioKey { get; private set; }

    /// <summary>The stored MP3's size: its MPEG frames and ID3 tags, not what the upload carried after them.</summary>
    public long AudioBytes { get; private set; }

    /// <summary>The server-chosen name of the stored PNG, when the song has album art.</summary>
    public string? ImageKey { get; private set; }

    /// <summary>The stored PNG's size (0 without one, and for images stored before sizes were kept).</summary>
    public long ImageBytes { get; private set; }

    /// <summary>What the song's upload keeps on disk, as an artist's storage quota counts it.</summary>
    public long StoredBytes => AudioBytes + ImageBytes;

    public bool HasImage { get; private set; }
    public int UploaderId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public IReadOnlyList<SongArtist> Artists => _artists;
    public IReadOnlyList<SongTag> Tags => _tags;

    public static Song Create(
        string title, IReadOnlyList<int> artistIds, int? albumId, double durationSeconds,
        string audioKey, long audioBytes, int uploaderId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        var trimmed = title.Trim();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trimmed.Length, MaxTitleLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationSeconds);
        ArgumentException.ThrowIfNullOrWhiteSpace(audioKey);
        ArgumentOutOfRangeException.ThrowIfZero(artistIds.Count);
        if (artistIds.Distinct().Count() != artistIds.Count)
        {
            throw new ArgumentException("A song lists each artist once.", nameof(artistIds));
        }

        var song = new Song(trimmed, durationSeconds, audioKey, audioBytes, uploaderId, now) { AlbumId = albumId };
        song._artists.AddRange(artistIds.Select(SongArtist.Create));
        return song;
    }

    public void AttachImage(string imageKey, long imageBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imageKey);
        ArgumentOutOfRangeException.ThrowIfNegative(imageBytes);
        ImageKey = imageKey;
        ImageBytes = imageBytes;
        HasImage = true;
    }

    public bool HasArtist(int artistId) => _artists.Exists(a => a.ArtistId == artistId);

    /// <summary>Admins may change any song; an artist account only the songs that list its artist.</summary>
    public bool MayBeChangedBy(User user) =>
        user.Role == Role.Admin || _artists.Exists(a => user.ActsFor(a.ArtistId));

    /// <summary>Replaces every tag score; the caller has resolved each name to a tag id once.</summary>
    public void ReplaceTags(IEnumerable<(int TagId, double Score)> scores)
    {
        _tags.Clear();
        _tags.AddRange(scores.Select(s => SongTag.Create(s.TagId, s.Score)));
    }
}
