using Radio.Domain.Library;
using Radio.Infrastructure.Media;

namespace Radio.Infrastructure.Library;

/// <summary>
/// Media files in the <see cref="MediaDirectory"/>. Scoped: it remembers the drafts it staged, and disposing it (the
/// end of the request) deletes those that were not committed. Staging reads the content once, writing each chunk to
/// the draft and feeding it to the format check, so no file is ever held whole in memory.
/// </summary>
internal sealed class FileMediaStore(MediaDirectory directory) : IMediaStore, IDisposable
{
    private const int ChunkSize = 80 * 1024; // below the large-object heap threshold
    private const int FileBufferSize = 64 * 1024;
    private readonly List<string> _drafts = [];

    public async Task<StagedAudio> StageAudioAsync(Stream content, CancellationToken cancellationToken)
    {
        var analyzer = new Mp3Analyzer();
        var (key, bytes) = await StageAsync(".mp3", content, analyzer.Append, cancellationToken);
        var analysis = analyzer.Complete();
        return new StagedAudio(key, bytes, analysis.Error, analysis.DurationSeconds);
    }

    public async Task<StagedImage> StageImageAsync(Stream content, CancellationToken cancellationToken)
    {
        var check = new PngCheck();
        var (key, bytes) = await StageAsync(".png", content, check.Append, cancellationToken);
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

    private async Task<(string Key, long Bytes)> StageAsync(
        string extension, Stream content, Action<ReadOnlySpan<byte>> check, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString("N") + extension;
        await using var draft = new FileStream(
            directory.DraftPathOf(key), FileMode.CreateNew, FileAccess.Write, FileShare.None, FileBufferSize, useAsync: true);
        _drafts.Add(key);
        var buffer = new byte[ChunkSize];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            check(buffer.AsSpan(0, read));
            await draft.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return (key, total);
    }
}
