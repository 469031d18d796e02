using Radio.Application.Common;

namespace Radio.Web.Library;

/// <summary>
/// A file part of the upload form as the media store reads it: passing its limit is a 413 at once, and a body that
/// ends early or breaks the multipart format is a 400, not a 500. Only reading is translated, so a failure to write
/// the draft still surfaces as what it is.
/// </summary>
internal sealed class FormFileStream(Stream part, string name, long maxBytes) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Malformed(() => part.ReadAsync(buffer, cancellationToken).AsTask());
        _read += read;
        return _read <= maxBytes ? read : throw new PayloadTooLargeException($"{name} is larger than {maxBytes} bytes.");
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Kestrel refuses synchronous reads of a request body anyway
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Reads from the multipart body, turning what a broken or abandoned body throws into a 400.</summary>
    public static async Task<T> Malformed<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (InvalidDataException)
        {
            throw new BadRequestException("The multipart body is malformed.");
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            // also a client that went away mid-upload: nobody reads this answer, and the drafts are discarded either way
            throw new BadRequestException("The multipart body ended early or could not be read.");
        }
    }
}
