using System.Buffers.Binary;
using System.Globalization;

namespace Radio.Domain.Listening;

/// <summary>A listener without an account, known only by a random key kept in a token or a cookie.</summary>
public static class AnonymousListener
{
    /// <summary>The generated display name (<c>Listener_0042</c>), the same for every request with the same key.</summary>
    public static string NameFor(Guid key)
    {
        Span<byte> bytes = stackalloc byte[16];
        key.TryWriteBytes(bytes);
        var number = BinaryPrimitives.ReadUInt32LittleEndian(bytes) % 10_000;
        return string.Create(CultureInfo.InvariantCulture, $"Listener_{number:D4}");
    }
}
