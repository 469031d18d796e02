using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Radio.Application.Common;
using Radio.Application.Library;
using Radio.Infrastructure.Common;
using Radio.Infrastructure.Library;
using Radio.Infrastructure.Media;
using Radio.TestData;

namespace Radio.UnitTests.Infrastructure.Library;

public sealed class FileMediaStoreTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IOptions<UploadOptions> NoFreeSpaceRule = Options.Create(new UploadOptions { MinFreeBytes = 0 });
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "radio-unit", Guid.NewGuid().ToString("N"));
    private readonly MediaDirectory _directory;
    private readonly FileMediaStore _store;

    public FileMediaStoreTests()
    {
        _directory = new MediaDirectory(new DataDirectory(_dir), new FakeTimeProvider(Noon));
        _store = new FileMediaStore(_directory, NoFreeSpaceRule);
    }

    private string[] Files => [.. Directory.GetFiles(Path.Combine(_dir, "media")).Select(Path.GetFileName)!];

    [Fact]
    public async Task Staged_audio_is_read_as_it_is_written_and_invisible_until_committed()
    {
        var bytes = Mp3Writer.Cbr(3);

        var audio = await _store.StageAudioAsync(new MemoryStream(bytes), CancellationToken.None);

        audio.IsValid.Should().BeTrue();
        audio.Bytes.Should().Be(bytes.Length);
        audio.DurationSeconds.Should().BeApproximately(3.0, 0.05);
        audio.Key.Should().MatchRegex("^[0-9a-f]{32}\\.mp3$");
        _store.OpenRead(audio.Key).Should().BeNull("a draft is read by nobody");

        _store.Commit(audio.Key);

        await using var read = _store.OpenRead(audio.Key);
        read!.Length.Should().Be(bytes.Length);
    }

    [Fact]
    public async Task A_large_file_is_analysed_as_it_streams_into_its_draft_as_if_read_whole()
    {
        using var stream = new MemoryStream();
        Mp3Writer.WriteLarge(stream, 5_000_000);
        var whole = Mp3Analyzer.Analyze(stream.ToArray());
        stream.Position = 0;

        var audio = await _store.StageAudioAsync(stream, CancellationToken.None);

        audio.Bytes.Should().Be(stream.Length);
        audio.DurationSeconds.Should().Be(whole.DurationSeconds);
        File.ReadAllBytes(_directory.DraftPathOf(audio.Key)).Should().Equal(stream.ToArray());
    }

    [Fact]
    public async Task Bytes_that_are_not_what_was_asked_for_are_staged_with_the_reason()
    {
        var corrupt = PngWriter.Png(2, 2);
        corrupt[PngWriter.IhdrCrcOffset] ^= 0xFF;

        var audio = await _store.StageAudioAsync(new MemoryStream(new byte[5000]), CancellationToken.None);
        var image = await _store.StageImageAsync(new MemoryStream(corrupt), CancellationToken.None);

        audio.IsValid.Should().BeFalse();
        audio.Error.Should().NotBeNullOrEmpty();
        image.IsValid.Should().BeFalse();
        image.Key.Should().EndWith(".png");
    }

    [Fact]
    public async Task Disposing_discards_the_drafts_never_committed_and_keeps_the_committed()
    {
        var kept = await _store.StageImageAsync(new MemoryStream(PngWriter.Png()), CancellationToken.None);
        await _store.StageAudioAsync(new MemoryStream(Mp3Writer.Cbr(1)), CancellationToken.None);
        _store.Commit(kept.Key);

        _store.Dispose();

        Files.Should().Equal(kept.Key);
    }

    [Fact]
    public async Task A_draft_whose_content_fails_midway_is_discarded_with_the_store()
    {
        var act = () => _store.StageAudioAsync(new FailingStream(), CancellationToken.None);
        await act.Should().ThrowAsync<IOException>();

        _store.Dispose();

        Files.Should().BeEmpty();
    }

    [Fact]
    public async Task Staged_audio_keeps_only_the_frames_and_its_tags()
    {
        var frames = Mp3Writer.WithId3v2(Mp3Writer.Cbr(3));
        var tagged = Mp3Writer.WithId3v1(frames);
        var upload = Mp3Writer.Concat(frames, "<html>not audio</html>"u8.ToArray(), tagged[^128..]);

        var audio = await _store.StageAudioAsync(new MemoryStream(upload), CancellationToken.None);

        audio.IsValid.Should().BeTrue(audio.Error);
        audio.Bytes.Should().Be(tagged.Length);
        File.ReadAllBytes(_directory.DraftPathOf(audio.Key)).Should().Equal(tagged);
    }

    [Fact]
    public async Task Audio_that_is_mostly_not_frames_is_staged_with_the_reason_and_left_whole_for_disposal()
    {
        var upload = Mp3Writer.Concat(Mp3Writer.Cbr(1), new byte[20_000]);

        var audio = await _store.StageAudioAsync(new MemoryStream(upload), CancellationToken.None);

        audio.IsValid.Should().BeFalse();
        audio.Error.Should().Contain("90%");
        audio.Bytes.Should().Be(upload.Length);
    }

    [Fact]
    public async Task Nothing_is_staged_when_the_disk_has_less_free_than_uploads_must_leave()
    {
        using var store = new FileMediaStore(_directory, Options.Create(new UploadOptions { MinFreeBytes = long.MaxValue }));

        var audio = () => store.StageAudioAsync(new MemoryStream(Mp3Writer.Cbr(1)), CancellationToken.None);
        var image = () => store.StageImageAsync(new MemoryStream(PngWriter.Png()), CancellationToken.None);

        await audio.Should().ThrowAsync<InsufficientStorageException>();
        await image.Should().ThrowAsync<InsufficientStorageException>();
        Files.Should().BeEmpty();
    }

    [Theory]
    [InlineData(28)]                               // ENOSPC
    [InlineData(unchecked((int)0x80070070))]      // ERROR_DISK_FULL
    [InlineData(unchecked((int)0x80070027))]      // ERROR_HANDLE_DISK_FULL
    public async Task A_draft_whose_write_fills_the_disk_is_deleted_at_once_and_is_insufficient_storage(int hresult)
    {
        using var store = new FileMediaStore(_directory, NoFreeSpaceRule) { OpenDraft = path => new FillingDisk(path, hresult) };

        var act = () => store.StageAudioAsync(new MemoryStream(Mp3Writer.Cbr(3)), CancellationToken.None);

        await act.Should().ThrowAsync<InsufficientStorageException>();
        Files.Should().BeEmpty("the draft goes before the request ends");
    }

    [Fact]
    public async Task A_write_to_a_really_full_device_is_insufficient_storage()
    {
        if (!File.Exists("/dev/full"))
        {
            return; // Linux only: every write to it fails with ENOSPC
        }

        using var store = new FileMediaStore(_directory, NoFreeSpaceRule)
        {
            OpenDraft = _ => new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 4096, useAsync: true),
        };

        var act = () => store.StageAudioAsync(new MemoryStream(Mp3Writer.Cbr(3)), CancellationToken.None);

        await act.Should().ThrowAsync<InsufficientStorageException>();
    }

    [Fact]
    public async Task Another_write_failure_stays_what_it_is()
    {
        using var store = new FileMediaStore(_directory, NoFreeSpaceRule) { OpenDraft = path => new FillingDisk(path, 5) }; // EIO

        var act = () => store.StageAudioAsync(new MemoryStream(Mp3Writer.Cbr(3)), CancellationToken.None);

        (await act.Should().ThrowAsync<IOException>()).Which.Should().NotBeOfType<InsufficientStorageException>();
    }

    [Fact]
    public async Task Any_store_may_commit_what_another_staged()
    {
        // a handler and the form reader resolve the store from the same request, but nothing depends on it
        var audio = await _store.StageAudioAsync(new MemoryStream(Mp3Writer.Cbr(1)), CancellationToken.None);
        using (var other = new FileMediaStore(_directory, NoFreeSpaceRule))
        {
            other.Commit(audio.Key);
        }

        _store.Dispose();

        Files.Should().Equal(audio.Key);
    }

    [Fact]
    public async Task Deleting_removes_the_file_and_a_missing_file_is_not_an_error()
    {
        var audio = await _store.StageAudioAsync(new MemoryStream(Mp3Writer.Cbr(1)), CancellationToken.None);
        _store.Commit(audio.Key);

        _store.Delete(audio.Key);
        _store.Delete(audio.Key);

        Files.Should().BeEmpty();
    }

    [Theory]
    [InlineData("../radio.db")]
    [InlineData(".hidden")]
    [InlineData("a/b.mp3")]
    public void Keys_that_are_not_server_names_are_refused(string key)
    {
        var act = () => _store.Delete(key);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task Drafts_left_by_a_crash_are_swept_when_the_folder_is_opened_but_recent_ones_are_kept()
    {
        var stale = await _store.StageAudioAsync(new MemoryStream(Mp3Writer.Cbr(1)), CancellationToken.None);
        var recent = await _store.StageAudioAsync(new MemoryStream(Mp3Writer.Cbr(1)), CancellationToken.None);
        File.SetLastWriteTimeUtc(_directory.DraftPathOf(stale.Key), Noon.UtcDateTime.AddDays(-2));
        File.SetLastWriteTimeUtc(_directory.DraftPathOf(recent.Key), Noon.UtcDateTime.AddHours(-1));

        _ = new MediaDirectory(new DataDirectory(_dir), new FakeTimeProvider(Noon));

        Files.Should().Equal(recent.Key + ".part");
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A draft created on disk whose writes fail as they do on a full disk.</summary>
    private sealed class FillingDisk(string path, int hresult) : FileStream(path, FileMode.CreateNew, FileAccess.Write)
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new IOException("No space left on device", hresult);
    }

    /// <summary>A body that breaks after its first bytes.</summary>
    private sealed class FailingStream : MemoryStream
    {
        private bool _sent;

        public FailingStream()
            : base(Mp3Writer.Cbr(1))
        {
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent)
            {
                throw new IOException("connection reset");
            }

            _sent = true;
            return base.ReadAsync(buffer[..100], cancellationToken);
        }
    }
}
