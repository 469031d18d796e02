namespace Radio.Domain.Library;

/// <summary>A vibe ("Chill", "Electronic") that songs score between 0 and 1; names are unique ignoring case.</summary>
public sealed class Tag
{
    public const int MaxNameLength = 50;

    private Tag(string name)
    {
        Name = name;
        NormalizedName = Normalize(name);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    public string NormalizedName { get; private set; }

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();

    public static Tag Create(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trimmed.Length, MaxNameLength);
        return new Tag(trimmed);
    }
}
