using System.Buffers.Text;
using System.Security.Cryptography;
using Radio.Domain.Listening;
using Radio.Infrastructure.Accounts;

namespace Radio.Infrastructure.Listening;

/// <summary>
/// <c>&lt;key as 32 hex digits&gt;.&lt;tag&gt;</c>: the tag is the first 128 bits of an HMAC-SHA256 of the key, under a
/// key derived from the token signing key, so every instance configured with the same signing key accepts the
/// cookies of the others and nothing else has to be shared.
/// </summary>
internal sealed class AnonymousKeySigner : IAnonymousKeySigner
{
    private const int KeyLength = 32;
    private const int TagBytes = 16;
    private static readonly int SignedLength = KeyLength + 1 + Base64Url.GetEncodedLength(TagBytes);

    // a key of its own: a cookie tag can never be mistaken for, or help forge, a token signature
    private readonly byte[] _macKey;

    public AnonymousKeySigner(SigningKeys keys) =>
        _macKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, keys.Key.Key, 32, salt: [], info: "radio_listener cookie"u8.ToArray());

    public string Sign(Guid key)
    {
        Span<byte> tag = stackalloc byte[TagBytes];
        Tag(key, tag);
        return key.ToString("N") + "." + Base64Url.EncodeToString(tag);
    }

    public bool TryVerify(string? value, out Guid key)
    {
        key = default;
        if (value is null || value.Length != SignedLength || value[KeyLength] != '.'
            || !Guid.TryParseExact(value.AsSpan(0, KeyLength), "N", out var parsed))
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[TagBytes];
        if (!TryDecodeTag(value.AsSpan(KeyLength + 1), presented))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TagBytes];
        Tag(parsed, expected);
        if (!CryptographicOperations.FixedTimeEquals(presented, expected))
        {
            return false;
        }

        key = parsed;
        return true;
    }

    private static bool TryDecodeTag(ReadOnlySpan<char> text, Span<byte> tag)
    {
        try
        {
            return Base64Url.TryDecodeFromChars(text, tag, out var written) && written == TagBytes;
        }
        catch (FormatException)
        {
            // some malformed tags make the decoder throw rather than answer false: a forged cookie is no listener, not a 500
            return false;
        }
    }

    private void Tag(Guid key, Span<byte> tag)
    {
        Span<byte> bytes = stackalloc byte[16];
        key.TryWriteBytes(bytes);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_macKey, bytes, mac);
        mac[..TagBytes].CopyTo(tag);
    }
}
