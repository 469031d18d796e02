namespace Radio.Application.Library;

/// <summary>The <c>Radio:Uploads</c> section: the limits an upload is held to, by the form reader and the use case.</summary>
public sealed class UploadOptions
{
    public const string Section = "Radio:Uploads";

    public long MaxAudioBytes { get; set; } = 50 * 1024 * 1024;

    public long MaxImageBytes { get; set; } = 5 * 1024 * 1024;
}
