using Microsoft.Extensions.Time.Testing;
using Radio.Infrastructure.Common;
using Radio.Infrastructure.Library;

namespace Radio.UnitTests.Infrastructure;

public sealed class FileMediaStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "radio-unit", Guid.NewGuid().ToString("N"));
    private readonly FileMediaStore _store;

    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    public FileMediaStoreTests() => _store = new FileMediaStore(new DataDirectory(_dir), new FakeTimeProvider(Noon));

    private string[] Files => Directory.GetFiles(Path.Combine(_dir, "media"));

    [Fact]
    public async Task A_draft_is_invisible_until_committed()
    {
        var draft = _store.BeginWrite(".mp3");
        await using (draft.Content)
        {
            await draft.Content.WriteAsync(new byte[] { 1, 2, 3 });
        }

        _store.OpenRead(draft.Key).Should().BeNull();
        _store.Commit(draft.Key);
        _store.Discard(draft.Key);

        await using var read = _store.OpenRead(draft.Key);
        read!.Length.Should().Be(3, "discarding after the commit leaves the stored file alone");
        draft.Key.Should().MatchRegex("^[0-9a-f]{32}\\.mp3$");
    }

    [Fact]
    public async Task A_discarded_draft_leaves_no_file()
    {
        var draft = _store.BeginWrite(".png");
        await draft.Content.DisposeAsync();

        _store.Discard(draft.Key);

        Files.Should().BeEmpty();
    }

    [Fact]
    public async Task Deleting_removes_the_file_and_a_missing_file_is_not_an_error()
    {
        var draft = _store.BeginWrite(".mp3");
        await draft.Content.DisposeAsync();
        _store.Commit(draft.Key);

        _store.Delete(draft.Key);
        _store.Delete(draft.Key);

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
    public async Task Drafts_left_by_a_crash_are_swept_at_start_up_but_recent_ones_are_kept()
    {
        var stale = _store.BeginWrite(".mp3");
        var recent = _store.BeginWrite(".mp3");
        await stale.Content.DisposeAsync();
        await recent.Content.DisposeAsync();
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "media", stale.Key + ".part"), Noon.UtcDateTime.AddDays(-2));
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "media", recent.Key + ".part"), Noon.UtcDateTime.AddHours(-1));

        _ = new FileMediaStore(new DataDirectory(_dir), new FakeTimeProvider(Noon));

        Files.Select(Path.GetFileName).Should().Equal(recent.Key + ".part");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
