using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>One listener: a plain HTTP/1.0 GET (no chunked framing from either server), then count every byte.</summary>
internal sealed class Listener
{
    private long _bytes;

    public long Bytes => Volatile.Read(ref _bytes);

    public bool Connected { get; private set; }

    /// <summary>The server ended the stream before the benchmark did.</summary>
    public bool Ended { get; private set; }

    public async Task RunAsync(int port, string path, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var buffer = new byte[16 * 1024];
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), stop);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: radio-bench\r\n\r\n"), stop);
            var header = new List<byte>();
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, stop);
                if (n == 0)
                {
                    Ended = true;
                    return;
                }

                if (!Connected)
                {
                    header.AddRange(buffer.AsSpan(0, n));
                    var end = header.ToArray().AsSpan().IndexOf("\r\n\r\n"u8);
                    if (end < 0)
                    {
                        continue;
                    }

                    Connected = true;
                    Interlocked.Add(ref _bytes, header.Count - end - 4);
                    continue;
                }

                Interlocked.Add(ref _bytes, n);
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

internal sealed record Result(
    string Server, int Listeners, double CpuPerListenerMinute, double RssPerListenerKiB, double ColdRssPerListenerKiB,
    double ColdMiB, double IdleMiB, double LoadedMiB, double MinKbps, double MedianKbps, double MaxKbps, int WithinTolerance, int Dropped)
{
    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Server} | {Listeners} | {CpuPerListenerMinute:F5} | {RssPerListenerKiB:F1} | {ColdRssPerListenerKiB:F1} | {ColdMiB:F1} → {IdleMiB:F1} → {LoadedMiB:F1} | {MinKbps:F1} / {MedianKbps:F1} / {MaxKbps:F1} | {WithinTolerance}/{Listeners} | {Dropped} |");
}
