using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Radio.IntegrationTests.Infrastructure;

/// <summary>
/// Clients that connect from a loopback address of their choice (127.0.0.2, 127.0.0.3 …: Linux routes all of
/// 127.0.0.0/8 to the loopback interface), so one test can be several client addresses, or a proxy and its clients.
/// </summary>
public static class LoopbackClients
{
    /// <summary>An HttpClient for <paramref name="baseAddress"/> whose connections come from <paramref name="local"/>.</summary>
    /// <param name="baseAddress">The server.</param>
    /// <param name="local">The address to connect from.</param>
    /// <param name="certificate">For HTTPS: the one server certificate to accept (a test's self-signed one).</param>
    public static HttpClient CreateClientFrom(Uri baseAddress, string local, X509Certificate2? certificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = Bound(local);
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            UseCookies = false, // a test reads Set-Cookie itself
        };
        if (certificate is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHashString() == certificate.GetCertHashString();
        }

        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    /// <summary>An HttpClient for the server whose connections come from <paramref name="local"/>.</summary>
    public static HttpClient CreateClientFrom(this RadioApp app, string local)
    {
        using var client = app.CreateClient(); // starts the server and gives its address
        return CreateClientFrom(client.BaseAddress!, local);
    }

    /// <summary>A bare TCP connection to the server from <paramref name="local"/>.</summary>
    public static async Task<Socket> ConnectFromAsync(this RadioApp app, string local)
    {
        using var client = app.CreateClient();
        var socket = Bound(local);
        await socket.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port);
        return socket;
    }

    /// <summary>
    /// Sends <c>GET /radio/stream</c> on a new connection from <paramref name="local"/> (with an
    /// <c>X-Forwarded-For</c> when given) and returns the connection and the response head.
    /// </summary>
    public static async Task<(Socket Socket, string Head)> RequestStreamFromAsync(
        this RadioApp app, string local, string? forwardedFor = null)
    {
        var socket = await app.ConnectFromAsync(local);
        var request = "GET /radio/stream HTTP/1.1\r\nHost: radio\r\n"
                      + (forwardedFor is null ? string.Empty : $"X-Forwarded-For: {forwardedFor}\r\n") + "\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var received = await Station.StationSongs.ReceiveUntilAsync(socket, "\r\n\r\n");
        return (socket, received);
    }

    private static Socket Bound(string local)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(IPAddress.Parse(local), 0));
        return socket;
    }
}
