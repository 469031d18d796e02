using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Radio.Web.Station;

namespace Radio.IntegrationTests.Station;

/// <summary>
/// The connections the station's transport hands to Kestrel against those Kestrel's own socket transport makes, both
/// bound from the running server's services: whatever Kestrel configures for its connections (the memory pool above
/// all, which request bodies pass through) must reach the wrapped ones too.
/// </summary>
public sealed class StationTransportConnectionTests(KestrelRadioApp app) : IClassFixture<KestrelRadioApp>
{
    [Fact]
    public async Task A_connection_it_leaves_to_kestrel_gets_the_memory_pool_kestrels_own_transport_gives_one()
    {
        var factories = app.Services.GetServices<IConnectionListenerFactory>().ToList();
        var station = factories.OfType<StationTransport>().Single();
        var kestrels = factories.OfType<SocketTransportFactory>().Single();

        var theirs = await PoolOfAConnectionAsync(kestrels);
        var ours = await PoolOfAConnectionAsync(station);

        theirs.Should().NotBe(MemoryPool<byte>.Shared.GetType(), "Kestrel's transport uses the pool Kestrel configures");
        ours.Should().Be(theirs, "a request body passes through the same pool, whichever transport accepted it");
    }

    /// <summary>The type of the memory pool of a connection accepted by <paramref name="factory"/> for a plain request.</summary>
    private static async Task<Type> PoolOfAConnectionAsync(IConnectionListenerFactory factory)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var listener = await factory.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), timeout.Token);
        try
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(listener.EndPoint, timeout.Token);
            await client.SendAsync("GET /radio/now-playing HTTP/1.1\r\nHost: radio\r\n\r\n"u8.ToArray(), timeout.Token);
            var connection = await listener.AcceptAsync(timeout.Token);
            connection.Should().NotBeNull();
            await using (connection)
            {
                return connection!.Features.Get<IMemoryPoolFeature>()!.MemoryPool.GetType();
            }
        }
        finally
        {
            await listener.UnbindAsync(timeout.Token);
            await listener.DisposeAsync();
        }
    }
}
