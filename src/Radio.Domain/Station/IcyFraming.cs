using System.Buffers;

namespace Radio.Domain.Station;

/// <summary>
/// Interleaves ICY metadata into one listener's audio, as Icecast does: after every <see cref="MetaInt"/> audio
/// bytes comes a metadata block: the full block the first time and whenever the title changed since the last
/// block sent to this listener, otherwise a single zero byte. The count is per connection and counts audio only.
/// </summary>
public sealed class IcyFraming(int metaInt)
{
    private readonly int _metaInt = metaInt;
    /// <summary>Icecast's default interval.</summary>
    public const int DefaultMetaInt = 16000;

    private int _untilMetadata = metaInt;
    private StreamTitle? _lastSent;

    public int MetaInt => _metaInt;

    /// <summary>Writes <paramref name="audio"/> to <paramref name="output"/> with the metadata blocks that fall within it.</summary>
    public void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> audio, StreamTitle title)
    {
        while (audio.Length > 0)
        {
            var take = Math.Min(_untilMetadata, audio.Length);
            output.Write(audio[..take]);
            audio = audio[take..];
            _untilMetadata -= take;
            if (_untilMetadata == 0)
            {
                if (ReferenceEquals(title, _lastSent))
                {
                    output.Write([(byte)0]);
                }
                else
                {
                    output.Write(title.IcyBlock.Span);
                    _lastSent = title;
                }

                _untilMetadata = _metaInt;
            }
        }
    }
}
