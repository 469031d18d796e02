using System.Runtime.CompilerServices;

namespace Radio.Infrastructure.Library.Search;

/// <summary>
/// The best <c>capacity</c> items offered, best first by <typeparamref name="TOrder"/>: a bounded heap whose root is the
/// worst kept, so most offers cost one comparison. <typeparamref name="TOrder"/> is a struct, so that comparison is
/// compiled for it (and inlined) rather than called through the interface.
/// </summary>
internal sealed class TopK<T, TOrder>
    where TOrder : struct, IComparer<T>
{
    private readonly int _capacity;
    private readonly TOrder _order;
    private readonly PriorityQueue<T, T> _heap;

    public TopK(int capacity, TOrder order)
    {
        _capacity = capacity;
        _order = order;
        _heap = new PriorityQueue<T, T>(capacity + 1, Comparer<T>.Create((x, y) => order.Compare(y, x)));
    }

    public int Count => _heap.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a vibe search offers every song
    public void Offer(T item)
    {
        if (_heap.Count < _capacity)
        {
            _heap.Enqueue(item, item);
        }
        else if (_order.Compare(item, _heap.Peek()) < 0)
        {
            _heap.DequeueEnqueue(item, item);
        }
    }

    /// <summary>Empties the heap into an array, best first.</summary>
    public T[] InOrder()
    {
        var items = new T[_heap.Count];
        for (var i = items.Length - 1; i >= 0; i--)
        {
            items[i] = _heap.Dequeue();
        }

        return items;
    }
}
