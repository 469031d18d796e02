namespace Radio.Domain.Library;

/// <summary>
/// Where songs' audio and images are kept, under server-chosen keys (files in the data directory by default).
/// New media is staged: streamed into a draft that nothing reads, its format checked in the same pass, then
/// committed under its key. The store owns its drafts: one store serves one request (or one unit of background
/// work), and when it is disposed it discards every draft it staged that was not committed, so a rejected or
/// failed upload leaves no file behind whichever step failed.
/// </summary>
public interface IMediaStore
{
    /// <summary>Writes <paramref name="content"/> to a new draft (a fresh <c>.mp3</c> key) while reading it as MPEG audio.</summary>
    Task<StagedAudio> StageAudioAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="content"/> to a new draft (a fresh <c>.png</c> key) while checking it as a PNG.</summary>
    Task<StagedImage> StageImageAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>Moves a staged draft into place under its key, where it stays until <see cref="Delete"/>.</summary>
    void Commit(string key);

    /// <summary>Opens stored media for reading (seekable); null when nothing is stored under the key.</summary>
    Stream? OpenRead(string key);

    /// <summary>Deletes stored media and any draft of the key; a key with nothing stored is not an error.</summary>
    void Delete(string key);
}

/// <summary>A staged file: its key, its size, and <see cref="Error"/> saying why its bytes are not what was asked for (null when they are).</summary>
public abstract record StagedMedia(string Key, long Bytes, string? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>Staged audio and how long its frames play.</summary>
public sealed record StagedAudio(string Key, long Bytes, string? Error, double DurationSeconds)
    : StagedMedia(Key, Bytes, Error);

/// <summary>A staged PNG.</summary>
public sealed record StagedImage(string Key, long Bytes, string? Error) : StagedMedia(Key, Bytes, Error);
