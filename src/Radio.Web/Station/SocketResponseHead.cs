using System.Globalization;
using System.Text;

namespace Radio.Web.Station;

/// <summary>
/// The response head that a connection served from its socket starts with, for an endless body ended by closing. It
/// changes only with the second in its <c>Date</c> and with <c>key</c> and the CORS headers (what its headers depend on),
/// so connections that join within the same second share one array.
/// </summary>
internal sealed class SocketResponseHead(TimeProvider clock)
{
    private Head? _last; // replaced whole, so readers on several threads see one head or the other

    /// <param name="key">What the headers depend on: another key builds another head.</param>
    /// <param name="headers">Read only when the head is built.</param>
    /// <param name="crossOrigin">The CORS headers (<see cref="Common.CrossOriginHeaders"/>), written after <paramref name="headers"/>.</param>
    public byte[] Bytes(int key, IEnumerable<KeyValuePair<string, string>> headers, IReadOnlyList<KeyValuePair<string, string>>? crossOrigin = null)
    {
        var now = clock.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        crossOrigin ??= [];
        if (_last is { } head && head.Key == key && head.Second == second && head.CrossOrigin.SequenceEqual(crossOrigin))
        {
            return head.Bytes;
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 200 OK\r\nDate: {now:R}\r\n")
            .Append("Connection: close\r\n"); // the body is endless, ended by closing
        foreach (var (name, value) in headers.Concat(crossOrigin))
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        _last = head = new Head(key, crossOrigin, second, Encoding.UTF8.GetBytes(text.Append("\r\n").ToString()));
        return head.Bytes;
    }

    private sealed record Head(int Key, IReadOnlyList<KeyValuePair<string, string>> CrossOrigin, long Second, byte[] Bytes);
}
