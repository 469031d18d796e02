namespace Radio.Application.Library;

/// <summary>The <c>Radio:Library</c> section.</summary>
public sealed class LibraryOptions
{
    public const string Section = "Radio:Library";

    /// <summary>
    /// Distinct tags the library holds: each is a score column as long as the library in the search index, so
    /// unbounded tag creation would be unbounded memory.
    /// </summary>
    public int MaxTags { get; set; } = 1000;
}
