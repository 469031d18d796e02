using System.Runtime.CompilerServices;
using System.Text;
using Radio.Domain.Station;

namespace Radio.Web.Station;

/// <summary>
/// ICY metadata (SHOUTcast/Icecast in-band titles). A title's block is Icecast 2.4's byte for byte (format_mp3.c,
/// mp3_set_title): one length byte N, then <c>StreamTitle='Artists - Title';</c> in UTF-8 and zero bytes up to N×16,
/// where N is the text's length / 16 + 1, so the text is always followed by at least one zero byte. Unlike Icecast, a
/// <c>'</c> in a title is sent as <c>’</c> (<see cref="StreamTitle.IcyText"/>, which the relay's title uses too). Unlike Icecast, which drops a title that
/// would not fit in 255×16 bytes, an over-long title is cut at a character boundary.
/// </summary>
internal static class IcyMetadata
{
    /// <summary>Icecast's default number of audio bytes between metadata blocks (<c>icy-metaint</c>).</summary>
    public const int Interval = 16000;

    public const int MaxBlockUnits = 255;
    private const string Prefix = "StreamTitle='";
    private const string Suffix = "';";

    /// <summary>The block that says the title has not changed since the last one: a zero length byte.</summary>
    public static readonly ReadOnlyMemory<byte> SameTitle = new byte[] { 0 };

    // one block per song play, built by the first listener to reach it and shared by the rest until the title is dropped
    private static readonly ConditionalWeakTable<StreamTitle, byte[]> Blocks = new();

    public static ReadOnlyMemory<byte> BlockFor(StreamTitle title) => Blocks.GetValue(title, static t => Block(t.IcyText));

    /// <summary>The whole metadata block for <paramref name="text"/> (already without quotes: <see cref="StreamTitle.IcyText"/>), length byte included.</summary>
    public static byte[] Block(string text)
    {
        var maxTextBytes = (MaxBlockUnits * 16) - 1 - Encoding.UTF8.GetByteCount(Prefix + Suffix);
        var content = Encoding.UTF8.GetBytes(Prefix + Truncate(text, maxTextBytes) + Suffix);
        var units = (content.Length / 16) + 1;
        var block = new byte[1 + (units * 16)];
        block[0] = (byte)units;
        content.CopyTo(block, 1);
        return block;
    }

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
