namespace Radio.Infrastructure.Library.Search;

/// <summary>
/// Every tag's dense score column, indexed by slot, so a vibe search reads each requested tag as one array.
/// A column goes with its last song: the library removes a tag no song carries, so a column left behind would be
/// memory held for a tag that can never be asked for again (a tag that comes back is a new one, with a new id).
/// </summary>
internal sealed class TagColumns
{
    private readonly Dictionary<int, TagColumn> _columns = [];
    private int _capacity = 64;

    public long Bytes => _columns.Values.Sum(c => (long)c.Scores.Length) * (sizeof(double) + sizeof(bool));

    /// <summary>Tags with a column: those at least one slot carries.</summary>
    public int Count => _columns.Count;

    public bool TryGet(int tagId, out TagColumn column) => _columns.TryGetValue(tagId, out column!);

    public int SongCountOf(int tagId) => _columns.TryGetValue(tagId, out var column) ? column.Count : 0;

    /// <summary>Gives the slot exactly these scores.</summary>
    public void Set(int slot, IReadOnlyList<(int TagId, double Score)> tags)
    {
        // the columns this slot empties are dropped only after the new scores are in, so a kept tag keeps its column
        var emptied = ClearScores(slot);
        foreach (var (tagId, score) in tags)
        {
            Set(slot, tagId, score);
        }

        Drop(emptied);
    }

    public void Set(int slot, int tagId, double score) => ColumnFor(tagId).Set(slot, score);

    public void Clear(int slot) => Drop(ClearScores(slot));

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

    /// <summary>Empties every slot: the columns go, and the songs appended next bring theirs back.</summary>
    public void Reset(int capacity)
    {
        _capacity = capacity;
        _columns.Clear();
    }

    private List<int>? ClearScores(int slot)
    {
        List<int>? emptied = null;
        foreach (var (tagId, column) in _columns)
        {
            if (column.Clear(slot) && column.Count == 0)
            {
                (emptied ??= []).Add(tagId);
            }
        }

        return emptied;
    }

    private void Drop(List<int>? tagIds)
    {
        foreach (var tagId in tagIds ?? [])
        {
            if (_columns[tagId].Count == 0)
            {
                _columns.Remove(tagId);
            }
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
