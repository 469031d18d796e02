using System.Text;

namespace Radio.Domain.Station;

/// <summary>
/// What the stream is playing, as ICY metadata (SHOUTcast/Icecast in-band titles): built once per song play and
/// shared by every listener. The block is Icecast 2.4's byte for byte (format_mp3.c, mp3_set_title): one length
/// byte N, then <c>StreamTitle='Artists - Title';</c> in UTF-8 and zero bytes up to N×16, where N is the text's
/// length / 16 + 1, so the text is always followed by at least one zero byte. Like Icecast, single quotes in the
/// title are sent as they are (players read up to the final <c>';</c>). Unlike Icecast, which drops a title that
/// would not fit in 255×16 bytes, an over-long title is cut at a character boundary.
/// </summary>
public sealed class StreamTitle
{
    public const int MaxBlockUnits = 255;
    private const string Prefix = "StreamTitle='";
    private const string Suffix = "';";

    /// <summary>No title (the empty station): Icecast's <c>\x01StreamTitle='';\0</c>.</summary>
    public static readonly StreamTitle None = new(string.Empty);

    public StreamTitle(string text)
    {
        Text = text;
        var maxTextBytes = (MaxBlockUnits * 16) - 1 - Encoding.UTF8.GetByteCount(Prefix + Suffix);
        var title = Truncate(text, maxTextBytes);
        var content = Encoding.UTF8.GetBytes(Prefix + title + Suffix);
        var units = (content.Length / 16) + 1;
        var block = new byte[1 + (units * 16)];
        block[0] = (byte)units;
        content.CopyTo(block, 1);
        IcyBlock = block;
    }

    public string Text { get; }

    /// <summary>The whole metadata block, length byte included.</summary>
    public ReadOnlyMemory<byte> IcyBlock { get; }

    /// <summary>"Artist 1, Artist 2 - Title".</summary>
    public static StreamTitle For(string artistNames, string title) =>
        new(string.IsNullOrEmpty(artistNames) ? title : $"{artistNames} - {title}");

    private static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var length = text.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > maxBytes)
        {
            length--;
            if (length > 0 && char.IsHighSurrogate(text[length - 1]))
            {
                length--;
            }
        }

        return text[..length];
    }
}
