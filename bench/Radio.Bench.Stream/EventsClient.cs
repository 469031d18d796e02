using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

/// <summary>
/// One <c>/radio/events</c> client: a plain HTTP/1.0 GET, then every <c>now-playing</c> event's delay from the song's
/// <c>started_at</c> to its arrival here (same machine, same clock). The first event (sent on connect) is not a change.
/// </summary>
internal sealed class EventsClient
{
    private readonly List<double> _changeDelays = [];

    public bool Connected { get; private set; }

    public bool Ended { get; private set; }

    public long Bytes { get; private set; }

    public IReadOnlyList<double> ChangeDelays
    {
        get
        {
            lock (_changeDelays)
            {
                return [.. _changeDelays];
            }
        }
    }

    public async Task RunAsync(int port, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var buffer = new byte[4096];
        var text = new StringBuilder();
        var events = 0;
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), stop);
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /radio/events HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"), stop);
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, stop);
                if (n == 0)
                {
                    Ended = true;
                    return;
                }

                var arrived = TimeProvider.System.GetUtcNow();
                Bytes += n;
                text.Append(Encoding.UTF8.GetString(buffer, 0, n));
                string all;
                int end;
                while ((end = (all = text.ToString()).IndexOf("\n\n", StringComparison.Ordinal)) >= 0)
                {
                    var block = all[..end];
                    text.Remove(0, end + 2);
                    Connected = true;
                    if (!block.Contains("event: now-playing", StringComparison.Ordinal) || events++ == 0)
                    {
                        continue;
                    }

                    var data = block.Split('\n').First(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
                    var startedAt = JsonDocument.Parse(data).RootElement.GetProperty("started_at").GetDateTimeOffset();
                    lock (_changeDelays)
                    {
                        _changeDelays.Add((arrived - startedAt).TotalSeconds);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
            Ended = true;
        }
    }
}

internal sealed record EventsResult(
    int Clients, double Cpu, double Rss, double ChangesPerClient, int AllWithinOneSecond, double P50, double P99, double Max, int Dropped)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Clients} | {Cpu:F5} | {Rss:F1} | {ChangesPerClient:F1} | {AllWithinOneSecond}/{Clients} | {P50:F2} / {P99:F2} / {Max:F2} | {Dropped} |");
}
