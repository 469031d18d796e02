using System.Globalization;

namespace Radio.Domain.Listening;

/// <summary>
/// Who is listening: <c>user:7</c> for an account, <c>anon:&lt;key&gt;</c> for an anonymous listener
/// (the random key of their token or cookie).
/// </summary>
public readonly record struct ListenerId
{
    private const string UserPrefix = "user:";
    private const string AnonymousPrefix = "anon:";

    public ListenerId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (!IsListenerId(value))
        {
            throw new ArgumentException($"'{value}' is neither user:<id> nor anon:<key>.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public bool IsAnonymous => Value.StartsWith(AnonymousPrefix, StringComparison.Ordinal);

    /// <summary>The account id, or null for an anonymous listener.</summary>
    public int? UserId => ParseUserId(Value);

    public static ListenerId ForUser(int userId) =>
        new(UserPrefix + userId.ToString(CultureInfo.InvariantCulture));

    public static ListenerId ForAnonymous(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return new(AnonymousPrefix + key);
    }

    /// <summary>The anonymous listener of a generated key, written as tokens and cookies carry it (32 hex digits).</summary>
    public static ListenerId ForAnonymous(Guid key) => ForAnonymous(key.ToString("N"));

    /// <summary>Reads a listener id (a token's subject); false for anything that is not one.</summary>
    public static bool TryParse(string? value, out ListenerId listener)
    {
        var valid = !string.IsNullOrWhiteSpace(value) && IsListenerId(value);
        listener = valid ? new ListenerId(value!) : default;
        return valid;
    }

    /// <summary>The generated key of an anonymous listener; false for an account or a key that is not a generated one.</summary>
    public bool TryGetAnonymousKey(out Guid key)
    {
        key = default;
        return IsAnonymous && Guid.TryParseExact(Value.AsSpan(AnonymousPrefix.Length), "N", out key);
    }

    public override string ToString() => Value;

    private static bool IsListenerId(string value) =>
        (value.StartsWith(AnonymousPrefix, StringComparison.Ordinal) && value.Length > AnonymousPrefix.Length)
        || ParseUserId(value) is not null;

    private static int? ParseUserId(string value) =>
        value.StartsWith(UserPrefix, StringComparison.Ordinal)
        && int.TryParse(value.AsSpan(UserPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
}
