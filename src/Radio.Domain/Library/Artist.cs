namespace Radio.Domain.Library;

/// <summary>A performer whose songs are in the library; an artist account speaks for one.</summary>
public sealed class Artist
{
    public const int MaxNameLength = 100;

    private Artist(string name, DateTimeOffset createdAt)
    {
        Name = name;
        NameKey = SearchText.Fold(name);
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public string Name { get; private set; }

    /// <summary>The name folded for search (lower case, no accents).</summary>
    public string NameKey { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static Artist Create(string name, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trimmed.Length, MaxNameLength);
        return new Artist(trimmed, now);
    }
}
