namespace Radio.Domain.Station;

/// <summary>
/// Which schedule entry the station has on the air, as the producer follows the schedule: what the live events
/// announce, so that a song change reaches every client once, from the process that plays it, instead of each
/// client asking the database.
/// </summary>
public sealed class OnAir
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The entry on the air; null when nothing is (an empty library, or before the producer's first step).</summary>
    public ScheduleEntry? Entry { get; private set; }

    /// <summary>Completes when <see cref="Entry"/> changes to another entry: take it before reading <see cref="Entry"/>.</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>Puts <paramref name="entry"/> on the air; the same entry again (moved or cut short) is no change.</summary>
    public void Air(ScheduleEntry? entry)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (Entry?.Sequence == entry?.Sequence)
            {
                Entry = entry;
                return;
            }

            Entry = entry;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }
}
