namespace Radio.Infrastructure.Library.Search;

/// <summary>One tag's score for every slot (0 where a song lacks it), and which slots carry it.</summary>
internal sealed class TagColumn(int capacity)
{
    public double[] Scores { get; private set; } = new double[capacity];

    public bool[] Has { get; private set; } = new bool[capacity];

    public int Count { get; private set; }

    public void Set(int slot, double score)
    {
        Count += Has[slot] ? 0 : 1;
        Has[slot] = true;
        Scores[slot] = score;
    }

    /// <summary>Takes the slot's score out; false when it had none.</summary>
    public bool Clear(int slot)
    {
        if (!Has[slot])
        {
            return false;
        }

        Has[slot] = false;
        Scores[slot] = 0;
        Count--;
        return true;
    }

    public void Grow(int capacity)
    {
        var scores = Scores;
        var has = Has;
        Array.Resize(ref scores, capacity);
        Array.Resize(ref has, capacity);
        (Scores, Has) = (scores, has);
    }
}
