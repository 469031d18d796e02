using System.Buffers;
using System.Text;

namespace Radio.Web.Station;

/// <summary>
/// Recognises, in the first bytes of a new connection, a whole well-formed plain-HTTP/1.x <c>GET</c> of one of the
/// endless responses served from their sockets, <c>/radio/stream</c> or <c>/radio/events</c> (<see cref="Path"/>):
/// request line and header fields (RFC 9112), ended by an empty line. Anything else (another path or method, HTTP/2,
/// TLS, a request split across packets, a body, obsolete line folding, a malformed field, HTTP/1.1 without
/// <c>Host</c>) is not recognised, so it goes to the HTTP pipeline unread, which answers it (or rejects it) as usual.
/// <see cref="ForwardedFor"/> is the request's <c>X-Forwarded-For</c> as it came, its lines joined by commas as the
/// pipeline joins them; whether to believe it is for <see cref="Common.ReverseProxies"/> to say. <see cref="Origin"/>
/// is the request's <c>Origin</c>, for its CORS headers (<see cref="Common.CrossOriginHeaders"/>); a request with two is
/// left to the pipeline.
/// </summary>
internal readonly record struct StreamRequest(
    int HeadLength, bool IcyMetadata, string? ForwardedFor = null, string Path = StationStream.Path, string? Origin = null)
{
    /// <summary>Longer heads go to the pipeline, which applies its own limits.</summary>
    public const int MaxHeadLength = 8 * 1024;

    /// <summary>The paths served from their sockets.</summary>
    private static readonly string[] Paths = [StationStream.Path, Events.LiveEventsEndpoint.Path];

    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    private static readonly SearchValues<byte> VisibleChars = SearchValues.Create(Enumerable.Range(0x21, 0x7E - 0x21 + 1).Select(b => (byte)b).ToArray());

    public static bool TryParse(ReadOnlySpan<byte> bytes, out StreamRequest request)
    {
        request = default;
        var end = bytes.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var head = bytes[..(end + 2)]; // each line with its CRLF
        var line = head[..head.IndexOf("\r\n"u8)];
        if (!TryParseRequestLine(line, out var path, out var http11))
        {
            return false;
        }

        var (icy, host) = (false, false);
        string? forwardedFor = null, origin = null;
        for (var rest = head[(line.Length + 2)..]; !rest.IsEmpty;)
        {
            var field = rest[..rest.IndexOf("\r\n"u8)];
            rest = rest[(field.Length + 2)..];
            var colon = field.IndexOf((byte)':');
            if (colon <= 0 || field[..colon].ContainsAnyExcept(TokenChars) || field.IndexOfAny("\r\n\0"u8) >= 0)
            {
                return false; // folded, malformed or with a stray line break: the pipeline rejects it
            }

            var name = field[..colon];
            var value = field[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8) || Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                return false; // a GET with a body is for the pipeline to judge
            }

            host |= Ascii.EqualsIgnoreCase(name, "Host"u8);
            if (Ascii.EqualsIgnoreCase(name, "Icy-MetaData"u8))
            {
                icy = value.SequenceEqual("1"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "X-Forwarded-For"u8))
            {
                var text = Encoding.Latin1.GetString(value);
                forwardedFor = forwardedFor is null ? text : $"{forwardedFor},{text}";
            }
            else if (Ascii.EqualsIgnoreCase(name, "Origin"u8))
            {
                if (origin is not null)
                {
                    return false;
                }

                origin = Encoding.Latin1.GetString(value);
            }
        }

        if (http11 && !host)
        {
            return false; // HTTP/1.1 requires Host: the pipeline answers 400
        }

        request = new StreamRequest(end + 4, icy, forwardedFor, path, origin);
        return true;
    }

    /// <summary><c>GET {path}[?query] HTTP/1.x</c>, the path one of <see cref="Paths"/>, the target all visible ASCII.</summary>
    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, out string path, out bool http11)
    {
        path = string.Empty;
        http11 = line.EndsWith(" HTTP/1.1"u8);
        if (!http11 && !line.EndsWith(" HTTP/1.0"u8) || !line.StartsWith("GET "u8))
        {
            return false;
        }

        var target = line["GET ".Length..^" HTTP/1.x".Length];
        if (target.ContainsAnyExcept(VisibleChars))
        {
            return false;
        }

        foreach (var candidate in Paths)
        {
            if (target.Length >= candidate.Length
                && Ascii.Equals(target[..candidate.Length], candidate)
                && (target.Length == candidate.Length || target[candidate.Length] == (byte)'?'))
            {
                path = candidate;
                return true;
            }
        }

        return false;
    }
}
