namespace Radio.Infrastructure.Library.Search;

/// <summary>
/// Every tag's dense score column, indexed by slot, so a vibe search reads each requested tag as one array.
/// A column stays when its last song goes: it is reused when the tag comes back.
/// </summary>
internal sealed class TagColumns
{
    private readonly Dictionary<int, TagColumn> _columns = [];
    private int _capacity = 64;

    public long Bytes => _columns.Values.Sum(c => (long)c.Scores.Length) * (sizeof(double) + sizeof(bool));

    public bool TryGet(int tagId, out TagColumn column) => _columns.TryGetValue(tagId, out column!);

    public int SongCountOf(int tagId) => _columns.TryGetValue(tagId, out var column) ? column.Count : 0;

    /// <summary>Gives the slot exactly these scores.</summary>
    public void Set(int slot, IReadOnlyList<(int TagId, double Score)> tags)
    {
        Clear(slot);
        foreach (var (tagId, score) in tags)
        {
            Set(slot, tagId, score);
        }
    }

    public void Set(int slot, int tagId, double score) => ColumnFor(tagId).Set(slot, score);

    public void Clear(int slot)
    {
        foreach (var column in _columns.Values)
        {
            column.Clear(slot);
        }
    }

    public List<(int TagId, double Score)> Of(int slot) =>
        [.. _columns.Where(t => t.Value.Has[slot]).Select(t => (t.Key, t.Value.Scores[slot]))];

    public void Grow(int capacity)
    {
        _capacity = capacity;
        foreach (var column in _columns.Values)
        {
            column.Grow(capacity);
        }
    }

    public void Reset(int capacity)
    {
        _capacity = capacity;
        foreach (var column in _columns.Values)
        {
            column.Reset(capacity);
        }
    }

    private TagColumn ColumnFor(int tagId)
    {
        if (!_columns.TryGetValue(tagId, out var column))
        {
            column = new TagColumn(_capacity);
            _columns.Add(tagId, column);
        }

        return column;
    }
}
