using System.Text;

namespace Radio.Web.Station;

/// <summary>
/// Recognises, in the first bytes of a new connection, a whole plain-HTTP/1.x <c>GET /radio/stream</c> request:
/// request line and headers, ended by an empty line. Anything else (another path, another method, HTTP/2, TLS, a
/// request split across packets, a body) is not a stream request here and goes to the HTTP pipeline unchanged.
/// </summary>
internal readonly record struct StreamRequest(int HeadLength, bool IcyMetadata)
{
    /// <summary>Longer heads go to the pipeline, which applies its own limits.</summary>
    public const int MaxHeadLength = 8 * 1024;

    private static readonly byte[] Start = Encoding.ASCII.GetBytes("GET " + StationStream.Path);

    public static bool TryParse(ReadOnlySpan<byte> bytes, out StreamRequest request)
    {
        request = default;
        var end = bytes.IndexOf("\r\n\r\n"u8);
        if (end < 0 || !bytes.StartsWith(Start) || bytes.Length <= Start.Length || bytes[Start.Length] is not ((byte)' ' or (byte)'?'))
        {
            return false;
        }

        var head = bytes[..(end + 2)]; // each line with its CRLF
        var line = head[..head.IndexOf("\r\n"u8)];
        if (!line.EndsWith(" HTTP/1.1"u8) && !line.EndsWith(" HTTP/1.0"u8))
        {
            return false;
        }

        var icy = false;
        for (var rest = head[(line.Length + 2)..]; !rest.IsEmpty;)
        {
            var field = rest[..rest.IndexOf("\r\n"u8)];
            rest = rest[(field.Length + 2)..];
            var colon = field.IndexOf((byte)':');
            if (colon <= 0)
            {
                return false; // not a header line: let the pipeline answer it
            }

            var name = field[..colon];
            var value = Encoding.ASCII.GetString(field[(colon + 1)..]);
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8) || Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                return false; // a GET with a body is for the pipeline to judge
            }

            if (Ascii.EqualsIgnoreCase(name, "Icy-MetaData"u8))
            {
                icy = StationStream.WantsIcy(value);
            }
        }

        request = new StreamRequest(end + 4, icy);
        return true;
    }
}
