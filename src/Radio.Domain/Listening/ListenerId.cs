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
        if (!(value.StartsWith(AnonymousPrefix, StringComparison.Ordinal) && value.Length > AnonymousPrefix.Length)
            && ParseUserId(value) is null)
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

    public override string ToString() => Value;

    private static int? ParseUserId(string value) =>
        value.StartsWith(UserPrefix, StringComparison.Ordinal)
        && int.TryParse(value.AsSpan(UserPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
}
