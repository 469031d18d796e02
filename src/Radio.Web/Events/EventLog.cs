namespace Radio.Web.Events;

/// <summary>
/// The recent live events as the bytes every client is sent (<see cref="SseBytes"/>), each built once and shared, the
/// way the broadcast shares its audio: a client served from its socket is only a position here (<see cref="EventFeed"/>).
/// It keeps <see cref="EventClient.Buffer"/> events, as many as a pipeline client's buffer holds; a client more than
/// that behind has stopped reading and is dropped. One writer at a time (the producer, under its lock); reading does
/// not lock.
/// </summary>
internal sealed class EventLog
{
    // and the slot the next append overwrites, which readers already treat as gone
    private readonly byte[]?[] _ring = new byte[]?[EventClient.Buffer + 1];
    private long _appended; // events so far: the number of the next one
    private TaskCompletionSource _published = NewSignal();

    /// <summary>The number the next event gets: where a client that joins now starts.</summary>
    public long Next => Volatile.Read(ref _appended);

    /// <summary>Completes at the next <see cref="Append"/>: take it before reading.</summary>
    public Task Published => Volatile.Read(ref _published).Task;

    public void Append(byte[] bytes)
    {
        Volatile.Write(ref _ring[_appended % _ring.Length], bytes);
        Volatile.Write(ref _appended, _appended + 1);
        var published = _published;
        Volatile.Write(ref _published, NewSignal());
        published.SetResult();
    }

    /// <summary>Whether event <paramref name="number"/> has left the log: a client still owed it is too far behind.</summary>
    public bool IsGone(long number) => number <= Volatile.Read(ref _appended) - _ring.Length;

    /// <summary>Event <paramref name="number"/>: null when it is not out yet or <see cref="IsGone"/>.</summary>
    public byte[]? TryRead(long number)
    {
        if (number >= Volatile.Read(ref _appended) || IsGone(number))
        {
            return null;
        }

        var bytes = Volatile.Read(ref _ring[number % _ring.Length]);
        return IsGone(number) ? null : bytes; // the slot may have been reused while it was read
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
