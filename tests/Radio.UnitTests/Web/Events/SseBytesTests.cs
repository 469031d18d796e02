using System.Net.ServerSentEvents;
using Radio.Web.Events;

namespace Radio.UnitTests.Web.Events;

public sealed class SseBytesTests
{
    public static TheoryData<string, string, string?> Events => new()
    {
        { "{\"song\":{\"id\":1},\"listeners\":3}", "now-playing", "42" },
        { "{\"listeners\":3}", "listeners", null },
        { string.Empty, "keep-alive", null },
        { "two\r\nlines\nand\rthree", "now-playing", "7" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public async Task An_event_is_the_bytes_the_frameworks_formatter_writes_for_it(string data, string type, string? id)
    {
        var item = new SseItem<string>(data, type) { EventId = id };
        using var framework = new MemoryStream();
        await SseFormatter.WriteAsync(One(item), framework);

        SseBytes.Encode(item).Should().Equal(framework.ToArray(), "the socket path and the pipeline send the same bytes");
    }

    private static async IAsyncEnumerable<SseItem<string>> One(SseItem<string> item)
    {
        await Task.Yield();
        yield return item;
    }
}
