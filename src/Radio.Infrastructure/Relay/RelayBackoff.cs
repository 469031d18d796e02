namespace Radio.Infrastructure.Relay;

/// <summary>How long the relay waits before its next attempt: 1 s, doubling to 30 s, from 1 s again once connected.</summary>
internal sealed class RelayBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    private TimeSpan _next = First;

    public TimeSpan Next()
    {
        var delay = _next;
        _next = _next * 2 > Max ? Max : _next * 2;
        return delay;
    }

    public void Reset() => _next = First;
}
