namespace Radio.Domain.Library;

/// <summary>
/// Where songs' audio and images are kept, under server-chosen keys (the file system by default).
/// New media is written as a draft that nothing reads, then committed under its key or discarded,
/// so a failed upload never leaves a file behind.
/// </summary>
public interface IMediaStore
{
    /// <summary>Opens stored media for reading (seekable); null when nothing is stored under the key.</summary>
    Stream? OpenRead(string key);

    /// <summary>Starts new media under a fresh key ending in <paramref name="extension"/> (".mp3", ".png").</summary>
    MediaDraft BeginWrite(string extension);

    /// <summary>Moves a finished draft (its stream closed) into place under its key.</summary>
    void Commit(string key);

    /// <summary>Deletes the draft of a key if it was never committed; nothing happens otherwise.</summary>
    void Discard(string key);

    /// <summary>Deletes stored media and any draft of the key; a key with nothing stored is not an error.</summary>
    void Delete(string key);
}

/// <summary>New media being written: the key it will be stored under and the stream to write its bytes to.</summary>
public sealed record MediaDraft(string Key, Stream Content);
