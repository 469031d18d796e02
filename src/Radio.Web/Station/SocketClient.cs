using System.Net.Sockets;
using Radio.Domain.Station;

namespace Radio.Web.Station;

/// <summary>One connection served from its socket and what it is owed.</summary>
/// <param name="Socket">Non-blocking (see <see cref="SocketClients.TryOpen"/>).</param>
/// <param name="Feed">What it is sent.</param>
/// <param name="Address">The client address it counts under, where connections are counted per address.</param>
/// <param name="Started">When it was taken, as a <see cref="TimeProvider"/> timestamp.</param>
internal readonly record struct SocketClient(Socket Socket, ISocketFeed Feed, string Address, long Started)
{
    /// <summary>Sends what the socket takes; false when the feed is over for this connection.</summary>
    public bool Send()
    {
        while (true)
        {
            var pending = Feed.Pending();
            if (pending.IsEmpty)
            {
                return Feed.End is null;
            }

            var sent = Socket.Send(pending.Span, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                return true; // the socket buffer is full: more at the next change
            }

            if (error != SocketError.Success)
            {
                return false; // the client went away
            }

            Feed.Advance(sent);
            if (sent < pending.Length)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Whether the client closed the connection (or it broke): a non-blocking read, of what a client of an endless
    /// response has no reason to send, finds its end.
    /// </summary>
    public bool Closed()
    {
        Span<byte> discard = stackalloc byte[256];
        var read = Socket.Receive(discard, SocketFlags.None, out var error);
        return error == SocketError.Success ? read == 0 : error != SocketError.WouldBlock;
    }

    public void Close()
    {
        if (Feed.End == StreamEnd.FellBehind)
        {
            Socket.LingerState = new LingerOption(true, 0); // reset: nothing more is owed to a stuck client
        }
        else
        {
            try
            {
                Socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // already gone
            }
        }

        Socket.Dispose();
    }
}
