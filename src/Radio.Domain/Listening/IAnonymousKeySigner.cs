namespace Radio.Domain.Listening;

/// <summary>
/// Signs anonymous listeners' keys, so that a key a client presents (the <c>radio_listener</c> cookie) names a
/// listener only when a server holding the signing key issued it. Any instance sharing the key accepts it.
/// </summary>
public interface IAnonymousKeySigner
{
    /// <summary>The key with its signature, in the form the cookie carries.</summary>
    string Sign(Guid key);

    /// <summary>The key of a value <see cref="Sign"/> made with this signing key; false for anything else.</summary>
    bool TryVerify(string? value, out Guid key);
}
