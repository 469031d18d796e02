namespace Radio.Application.Library;

/// <summary>The <c>Radio:Uploads</c> section: the limits an upload is held to, by the form reader, the use case and the media store.</summary>
public sealed class UploadOptions
{
    public const string Section = "Radio:Uploads";

    public long MaxAudioBytes { get; set; } = 50 * 1024 * 1024;

    public long MaxImageBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Audio and images an artist's accounts may keep stored, together; admins have no quota.</summary>
    public long QuotaBytesPerArtist { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Free space below which the media directory's file system takes no upload, so uploads cannot fill it.</summary>
    public long MinFreeBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Uploads one account may have running at once (each holds drafts on disk while its body streams).</summary>
    public int MaxConcurrentPerAccount { get; set; } = 2;
}
