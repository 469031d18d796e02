using Microsoft.Extensions.Options;
using Radio.Application.Common;
using Radio.Application.Library;
using Radio.Domain.Library;
using Radio.Infrastructure.Media;

namespace Radio.Infrastructure.Library;

/// <summary>
/// Media files in the <see cref="MediaDirectory"/>. Scoped: it remembers the drafts it staged, and disposing it (the
/// end of the request) deletes those that were not committed. Staging reads the content once, writing each chunk to
/// the draft and feeding it to the format check, so no file is ever held whole in memory. Staging starts only with
/// <see cref="UploadOptions.MinFreeBytes"/> free, and a draft whose write fills the disk is deleted at once: both are
/// an <see cref="InsufficientStorageException"/>.
/// </summary>
internal sealed class FileMediaStore(MediaDirectory directory, IOptions<UploadOptions> options) : IMediaStore, IDisposable
{
    private const int ChunkSize = 80 * 1024; // below the large-object heap threshold
    private const int FileBufferSize = 64 * 1024;
    private readonly List<string> _drafts = [];

    /// <summary>
    /// Creates a new draft, writable and (for moving an audio file's ID3v1 tag) readable; a test may put a stream of
    /// its own in the file's place.
    /// </summary>
    internal Func<string, Stream> OpenDraft { get; init; } = path =>
        new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileBufferSize, useAsync: true);

    public async Task<StagedAudio> StageAudioAsync(Stream content, CancellationToken cancellationToken)
    {
        var analyzer = new Mp3Analyzer();
        Mp3Analysis? analysis = null;
        var (key, bytes) = await StageAsync(".mp3", content, analyzer.Append, async (draft, total, ct) =>
        {
            analysis = analyzer.Complete();
            // only the frames are kept: what followed the last one is never stored, so it is never served either
            return Mp3Upload.Rejection(analysis) is null ? await Mp3Upload.TrimAsync(draft, analysis, ct) : total;
        }, cancellationToken);
        return new StagedAudio(key, bytes, Mp3Upload.Rejection(analysis!), analysis!.DurationSeconds);
    }

    public async Task<StagedImage> StageImageAsync(Stream content, CancellationToken cancellationToken)
    {
        var check = new PngCheck();
        var (key, bytes) = await StageAsync(".png", content, check.Append, finish: null, cancellationToken);
        return new StagedImage(key, bytes, check.Complete().Error);
    }

    public void Commit(string key)
    {
        File.Move(directory.DraftPathOf(key), directory.PathOf(key));
        _drafts.Remove(key);
    }

    public Stream? OpenRead(string key)
    {
        var path = directory.PathOf(key);
        return File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileBufferSize, useAsync: true)
            : null;
    }

    public void Delete(string key)
    {
        // File.Delete is silent when the file is already gone
        File.Delete(directory.PathOf(key));
        File.Delete(directory.DraftPathOf(key));
        _drafts.Remove(key);
    }

    /// <summary>Discards the drafts staged here and never committed.</summary>
    public void Dispose()
    {
        foreach (var key in _drafts)
        {
            File.Delete(directory.DraftPathOf(key));
        }

        _drafts.Clear();
    }

    // finish is given the draft, still open, and the bytes written, and says the draft's final length
    private async Task<(string Key, long Bytes)> StageAsync(
        string extension, Stream content, Action<ReadOnlySpan<byte>> check,
        Func<Stream, long, CancellationToken, Task<long>>? finish, CancellationToken cancellationToken)
    {
        var minFree = options.Value.MinFreeBytes;
        if (directory.AvailableFreeBytes < minFree)
        {
            throw new InsufficientStorageException(
                $"The server keeps {minFree} bytes of its disk free and has less now; try again later.");
        }

        var key = Guid.NewGuid().ToString("N") + extension;
        var path = directory.DraftPathOf(key);
        _drafts.Add(key);
        try
        {
            await using var draft = OpenDraft(path);
            var buffer = new byte[ChunkSize];
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                check(buffer.AsSpan(0, read));
                await draft.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return (key, finish is null ? total : await finish(draft, total, cancellationToken));
        }
        catch (IOException e) when (DiskFull.Is(e))
        {
            // a full disk hurts every request: give the draft's space back now, not when this one ends
            File.Delete(path);
            throw new InsufficientStorageException("The server's disk is full; the upload was not stored.");
        }
    }
}
