using Radio.Domain.Station;

namespace Radio.Web.Station;

/// <summary>
/// What one connection served from its socket sends, in order: it hands out what is pending and is told how much of it
/// was sent, so a send cut short anywhere resumes where it stopped.
/// </summary>
internal interface ISocketFeed
{
    /// <summary>Why there is nothing more to send, once there is not; null while the connection lives.</summary>
    StreamEnd? End { get; }

    /// <summary>The next bytes to send: empty when the connection is up to date (or over, see <see cref="End"/>).</summary>
    ReadOnlyMemory<byte> Pending();

    /// <summary>Records that the first <paramref name="count"/> bytes of <see cref="Pending"/> were sent.</summary>
    void Advance(int count);

    /// <summary>
    /// For a feed that sends <paramref name="bytes"/> while they last: takes the <paramref name="count"/> sent off them,
    /// unless they are sent already (false). Bytes wholly sent are let go: they are shared, not the connection's to keep
    /// alive.
    /// </summary>
    static bool TryAdvance(ref ReadOnlyMemory<byte> bytes, int count)
    {
        if (bytes.IsEmpty)
        {
            return false;
        }

        bytes = count < bytes.Length ? bytes[count..] : default;
        return true;
    }
}
