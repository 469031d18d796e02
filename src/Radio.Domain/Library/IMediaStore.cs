namespace Radio.Domain.Library;

/// <summary>Where songs' audio and images are kept, under server-chosen keys (the file system by default).</summary>
public interface IMediaStore
{
    /// <summary>Opens stored media for reading (seekable); null when nothing is stored under the key.</summary>
    Stream? OpenRead(string key);
}
