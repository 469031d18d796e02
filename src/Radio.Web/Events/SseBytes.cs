using System.Net.ServerSentEvents;
using System.Text;

namespace Radio.Web.Events;

/// <summary>
/// An event as the bytes of <c>text/event-stream</c>, exactly as the framework's <see cref="SseFormatter"/> writes
/// it for the pipeline's clients (<c>event:</c>, a <c>data:</c> line per line, <c>id:</c>, an empty line), so both
/// ways of serving <c>/radio/events</c> send the same bytes; built once per event for every client served from its
/// socket. Every event here has a type (the framework writes none for an item without one).
/// </summary>
internal static class SseBytes
{
    public static byte[] Encode(SseItem<string> item)
    {
        var text = new StringBuilder();
        if (item.EventType is { } type)
        {
            text.Append("event: ").Append(type).Append('\n');
        }

        foreach (var line in item.Data.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r'))
        {
            text.Append("data: ").Append(line).Append('\n');
        }

        if (item.EventId is { } id)
        {
            text.Append("id: ").Append(id).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.Append('\n').ToString());
    }
}
