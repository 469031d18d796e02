using Radio.Domain.Station;

namespace Radio.UnitTests.Domain.Station;

internal static class StationListenerDrain
{
    /// <summary>Sends everything pending, at most <paramref name="perSend"/> bytes at a time, as a socket with a small buffer would take it.</summary>
    public static byte[] Drain(this StationListener listener, int perSend = int.MaxValue)
    {
        var sent = new List<byte>();
        for (var pending = listener.Pending(); !pending.IsEmpty; pending = listener.Pending())
        {
            var take = Math.Min(perSend, pending.Length);
            sent.AddRange(pending.Span[..take].ToArray());
            listener.Advance(take);
        }

        return [.. sent];
    }
}
