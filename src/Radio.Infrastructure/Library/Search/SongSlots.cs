namespace Radio.Infrastructure.Library.Search;

/// <summary>
/// The folded-title store: songs in append-only slots, each slot's song id, and every folded title in one char buffer,
/// each followed by a '\0' so that one scan of the buffer covers every title. A removed song's slot stays, marked dead,
/// until the index compacts.
/// </summary>
internal sealed class SongSlots
{
    public const int Dead = 0; // song ids start at 1

    private char[] _text = new char[1024];
    private int _textLength;
    private int[] _titleStarts = new int[65]; // slot's title is [start, next start - 1); the char before next start is '\0'
    private int[] _songIds = new int[64];

    /// <summary>Slots in use, dead ones included.</summary>
    public int Count { get; private set; }

    /// <summary>Slots the arrays hold before they grow.</summary>
    public int Capacity => _songIds.Length;

    public int TextLength => _textLength;

    /// <summary>The song id of every slot in use, <see cref="Dead"/> for a removed song.</summary>
    public ReadOnlySpan<int> SongIds => _songIds.AsSpan(0, Count);

    public long Bytes => (_text.LongLength * sizeof(char)) + ((long)(_titleStarts.Length + _songIds.Length) * sizeof(int));

    public int SongIdAt(int slot) => _songIds[slot];

    public bool IsLive(int slot) => _songIds[slot] != Dead;

    public int TitleStart(int slot) => _titleStarts[slot];

    public ReadOnlySpan<char> TitleOf(int slot) =>
        _text.AsSpan(_titleStarts[slot], _titleStarts[slot + 1] - 1 - _titleStarts[slot]);

    /// <summary>The buffer from the start up to the end of the slots before <paramref name="endSlot"/>.</summary>
    public ReadOnlySpan<char> TextBefore(int endSlot) => _text.AsSpan(0, _titleStarts[endSlot]);

    /// <summary>Takes the next slot; the caller has made room with <see cref="EnsureCapacity"/>.</summary>
    public int Append(int songId, string titleKey)
    {
        var slot = Count;
        titleKey.CopyTo(_text.AsSpan(_textLength));
        _textLength += titleKey.Length;
        _text[_textLength++] = '\0';
        _titleStarts[slot + 1] = _textLength;
        _songIds[slot] = songId;
        Count++;
        return slot;
    }

    public void Kill(int slot) => _songIds[slot] = Dead;

    /// <summary>The slot of <paramref name="songId"/>, found by binary search: only while slots are in id order (a load).</summary>
    public int FindInIdOrder(int songId) => Array.BinarySearch(_songIds, 0, Count, songId);

    /// <summary>
    /// The slot whose title holds <paramref name="textPosition"/>, searching forward from <paramref name="from"/>
    /// (hits come in text order): gallop, then binary search, so a dense run of hits costs a step or two each.
    /// </summary>
    public int SlotAt(int textPosition, int from)
    {
        var step = 1;
        var low = from;
        while (low + step <= Count && _titleStarts[low + step] <= textPosition)
        {
            low += step;
            step *= 2;
        }

        var index = Array.BinarySearch(_titleStarts, low, Math.Min(step, Count - low) + 1, textPosition);
        return index >= 0 ? index : ~index - 1;
    }

    public void Reset(int slots, int textLength)
    {
        _text = new char[Math.Max(1024, textLength)];
        _textLength = 0;
        _titleStarts = new int[Math.Max(64, slots) + 1];
        _songIds = new int[Math.Max(64, slots)];
        Count = 0;
    }

    /// <summary>Grows the arrays to fit; true when the slot capacity grew (to <see cref="Capacity"/>).</summary>
    public bool EnsureCapacity(int slots, int textLength)
    {
        if (textLength > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(textLength, _text.Length * 2));
        }

        if (slots <= _songIds.Length)
        {
            return false;
        }

        var capacity = Math.Max(slots, _songIds.Length * 2);
        Array.Resize(ref _songIds, capacity);
        Array.Resize(ref _titleStarts, capacity + 1);
        return true;
    }

    /// <summary>Gives the text buffer back its unused growth room after a bulk load.</summary>
    public void TrimExcess() => Array.Resize(ref _text, _textLength + 1024);
}
