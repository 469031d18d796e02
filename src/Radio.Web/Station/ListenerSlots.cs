using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Radio.Application.Station;

namespace Radio.Web.Station;

/// <summary>
/// The stream listeners this instance serves, one count over both ways of serving them (<see cref="StationSockets"/>
/// and <see cref="StationStream"/>): at most <see cref="StationOptions.MaxListeners"/> in all and
/// <see cref="StationOptions.MaxListenersPerAddress"/> per client address (a <see cref="Common.ClientAddress"/> key),
/// so one address cannot take the station's sockets and memory from everyone else. Whoever takes a slot gives it back
/// when its listener goes.
/// </summary>
internal sealed class ListenerSlots(StationOptions settings)
{
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
            if (_total >= settings.MaxListeners)
            {
                refusal = "The station has as many listeners as it can serve; try again later.";
                return false;
            }

            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_perAddress, address, out _);
            if (count >= settings.MaxListenersPerAddress)
            {
                refusal = "Your address has as many stream connections open as it may; close one, or try again later.";
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
}
