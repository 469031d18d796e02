using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Radio.Application.Station;

namespace Radio.Web.Station;

/// <summary>
/// The clients of one endless response this instance serves, one count over both ways of serving them: at most
/// <c>max</c> in all and <c>maxPerAddress</c> per client address (a <see cref="Common.ClientAddress"/> key), so one
/// address cannot take the sockets and memory from everyone else. The stream's listeners (<see cref="StationSockets"/>
/// and <see cref="StationStream"/>: <see cref="StationOptions.MaxListeners"/> and
/// <see cref="StationOptions.MaxListenersPerAddress"/>) have one, the live events' clients another
/// (<see cref="Events.LiveEvents"/>). Whoever takes a slot gives it back when its client goes.
/// </summary>
internal sealed class ListenerSlots(int max, int maxPerAddress, ListenerSlots.Refusals refusals)
{
    private static readonly Refusals StreamRefusals = new(
        "The station has as many listeners as it can serve; try again later.",
        "Your address has as many stream connections open as it may; close one, or try again later.");

    /// <summary>The stream's listeners.</summary>
    public ListenerSlots(StationOptions settings)
        : this(settings.MaxListeners, settings.MaxListenersPerAddress, StreamRefusals)
    {
    }

    /// <summary>What a listener turned away is told to wait: long enough for listeners to come and go.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _perAddress = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>Listeners served now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>Takes a slot for a listener from <paramref name="address"/>; false, with the reason, when a cap is reached.</summary>
    public bool TryTake(string address, out string refusal)
    {
        lock (_gate)
        {
            if (_total >= max)
            {
                refusal = refusals.Full;
                return false;
            }

            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_perAddress, address, out _);
            if (count >= maxPerAddress)
            {
                refusal = refusals.AddressFull;
                return false;
            }

            count++;
            _total++;
            refusal = string.Empty;
            return true;
        }
    }

    /// <summary>Gives back a slot that <see cref="TryTake"/> gave for <paramref name="address"/>.</summary>
    public void Release(string address)
    {
        lock (_gate)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(_perAddress, address);
            if (Unsafe.IsNullRef(ref count))
            {
                return;
            }

            _total--;
            if (--count == 0)
            {
                _perAddress.Remove(address); // only addresses with listeners are held
            }
        }
    }

    /// <summary>What a client turned away is told: when every place is taken, and when its address's are.</summary>
    public sealed record Refusals(string Full, string AddressFull);
}
