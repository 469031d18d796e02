namespace Radio.Web.Library;

/// <summary>Reads an uploaded file's bytes as they stream past and says whether they are what the field requires.</summary>
internal interface IUploadCheck
{
    void Append(ReadOnlySpan<byte> chunk);

    /// <summary>After the last chunk: whether the bytes are valid, and the audio's duration in seconds (0 for images).</summary>
    (bool IsValid, double DurationSeconds) Complete();
}

// TODO(media): placeholders until the MPEG analyser and PNG check of the media branch arrive; they only look at the first bytes.
internal sealed class AudioCheck : IUploadCheck
{
    private readonly byte[] _head = new byte[3];
    private int _headLength;
    private long _length;

    public void Append(ReadOnlySpan<byte> chunk)
    {
        var take = Math.Min(_head.Length - _headLength, chunk.Length);
        chunk[..take].CopyTo(_head.AsSpan(_headLength));
        _headLength += take;
        _length += chunk.Length;
    }

    public (bool IsValid, double DurationSeconds) Complete()
    {
        var valid = _headLength == 3 && ((_head[0] == 0xFF && (_head[1] & 0xE0) == 0xE0) || _head.AsSpan().SequenceEqual("ID3"u8));
        return (valid, valid ? Math.Max(1, _length / 16_000.0) : 0);
    }
}

internal sealed class ImageCheck : IUploadCheck
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly byte[] _head = new byte[8];
    private int _headLength;

    public void Append(ReadOnlySpan<byte> chunk)
    {
        var take = Math.Min(_head.Length - _headLength, chunk.Length);
        chunk[..take].CopyTo(_head.AsSpan(_headLength));
        _headLength += take;
    }

    public (bool IsValid, double DurationSeconds) Complete() => (_headLength == 8 && _head.AsSpan().SequenceEqual(Signature), 0);
}
