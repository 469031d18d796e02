using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Radio.Infrastructure.Relay;

/// <summary>
/// One source connection to an Icecast 2.4 mount: an HTTP <c>PUT</c> whose body is the audio, sent as it plays.
/// Icecast 2.4 reads no chunked bodies, so this is a raw socket rather than an HttpClient request: the body has no
/// length and no chunk framing, and ends when the connection does. With <c>Expect: 100-continue</c> Icecast answers
/// <c>100 Continue</c> once it has taken the mount (a refusal, such as a wrong password, comes as the final status).
/// </summary>
internal sealed class IcecastSource : IAsyncDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private IcecastSource(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>Connects and takes the mount; throws <see cref="RelayRefusedException"/> when Icecast says no.</summary>
    public static async Task<IcecastSource> ConnectAsync(RelayTarget target, string stationName, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AnswerTimeout);
            await client.ConnectAsync(target.Host, target.Port, timeout.Token);
            var source = new IcecastSource(client);
            var head = string.Create(CultureInfo.InvariantCulture,
                $"PUT {target.Mount} HTTP/1.1\r\nHost: {target.Host}:{target.Port}\r\nAuthorization: {target.Authorization}\r\nUser-Agent: Radio\r\nContent-Type: audio/mpeg\r\nice-name: {HeaderValue(stationName)}\r\nice-public: 0\r\nExpect: 100-continue\r\n\r\n");
            await source._stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
            var status = await ReadStatusAsync(source._stream, timeout.Token);
            if (status is not (100 or 200))
            {
                throw new RelayRefusedException(status);
            }

            return source;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends audio; a write that Icecast does not take within <paramref name="timeout"/> fails.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> audio, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _stream.WriteAsync(audio, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException("Icecast did not take the audio in time.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    // an ice-name with a line break would end the header early (the station name allows no control characters anyway)
    private static string HeaderValue(string text) => new([.. text.Where(c => c is >= ' ' and < (char)127)]);

    /// <summary>Reads the response head and returns its status code (Icecast sends nothing after 100 until the end).</summary>
    private static async Task<int> ReadStatusAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>(256);
        var one = new byte[1];
        while (head.Count < 8192)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("Icecast closed the connection without an answer.");
            }

            head.Add(one[0]);
            if (head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
            {
                break;
            }
        }

        var statusLine = Encoding.ASCII.GetString([.. head]).Split("\r\n", 2)[0].Split(' ');
        return statusLine.Length >= 2 && int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            ? status
            : throw new IOException("Icecast answered something other than HTTP.");
    }
}

/// <summary>Icecast answered the source request with a refusal: 401 for a wrong password, 403 for a mount in use.</summary>
internal sealed class RelayRefusedException(int status) : Exception($"Icecast refused the source connection with status {status}.")
{
    public int Status { get; } = status;
}
