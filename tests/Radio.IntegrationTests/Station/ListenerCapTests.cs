using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Radio.IntegrationTests.Infrastructure;
using Radio.Web.Station;

namespace Radio.IntegrationTests.Station;

/// <summary>A station that serves 4 stream listeners, 2 per client address, behind a proxy at 127.0.0.1.</summary>
public sealed class CappedStationApp : StationApp
{
    public const int MaxListeners = 4;
    public const int MaxPerAddress = 2;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:Station:MaxListeners"] = $"{MaxListeners}",
        ["Radio:Station:MaxListenersPerAddress"] = $"{MaxPerAddress}",
        ["Radio:ForwardedHeaders:KnownNetworks"] = "127.0.0.1",
    };

    public int Listeners => Services.GetRequiredService<ListenerSlots>().Count;
}

/// <summary>
/// The caps on both ways of serving the stream. Every test ends its listeners and waits until the server has let them
/// go, so the next one starts with every slot free.
/// </summary>
public sealed class ListenerCapTests(CappedStationApp app) : IClassFixture<CappedStationApp>, IAsyncLifetime
{
    private readonly List<IDisposable> _listeners = [];

    [Fact]
    public async Task Past_the_cap_per_address_the_socket_path_answers_503_with_retry_after_and_closes()
    {
        await ListenAsync("127.0.0.2");
        await ListenAsync("127.0.0.2");

        var (refused, head) = await app.RequestStreamFromAsync("127.0.0.2");
        using var _ = refused;
        var other = await ListenAsync("127.0.0.3");

        head.Should().StartWith("HTTP/1.1 503").And.Contain("Retry-After: 30").And.Contain("application/problem+json");
        head.Should().Contain("Connection: close");
        (await ClosesSoonAsync(refused)).Should().BeTrue("a refused listener holds no connection");
        other.Should().StartWith("HTTP/1.1 200 OK", "another address has places of its own");
    }

    [Fact]
    public async Task Past_the_cap_in_all_every_address_gets_503()
    {
        foreach (var address in new[] { "127.0.0.2", "127.0.0.2", "127.0.0.3", "127.0.0.3" })
        {
            (await ListenAsync(address)).Should().StartWith("HTTP/1.1 200 OK");
        }

        var (refused, head) = await app.RequestStreamFromAsync("127.0.0.4");
        using var _ = refused;

        head.Should().StartWith("HTTP/1.1 503").And.Contain("Retry-After: 30");
        app.Listeners.Should().Be(CappedStationApp.MaxListeners);
    }

    [Fact]
    public async Task A_listener_that_leaves_gives_its_place_back()
    {
        await ListenAsync("127.0.0.2");
        var (leaving, _) = await app.RequestStreamFromAsync("127.0.0.2");
        leaving.Dispose();

        var head = string.Empty;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && !head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
        {
            await Task.Delay(200); // the server notices a closed listener at its next send
            head = await ListenAsync("127.0.0.2");
        }

        head.Should().StartWith("HTTP/1.1 200 OK", "the listener that left no longer counts");
    }

    [Fact]
    public async Task The_pipeline_counts_its_listeners_with_the_socket_paths_and_answers_503_with_retry_after()
    {
        (await PipelineListenAsync("127.0.0.2")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ListenAsync("127.0.0.2")).Should().StartWith("HTTP/1.1 200 OK");

        var (refusedSocket, head) = await app.RequestStreamFromAsync("127.0.0.2");
        using var _ = refusedSocket;
        using var refused = await PipelineListenAsync("127.0.0.2");

        head.Should().StartWith("HTTP/1.1 503", "one listener on each path fill the address's two places");
        var problem = await refused.ShouldBeProblemAsync(503);
        problem.Detail.Should().Contain("address");
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(30));
        refused.Headers.ConnectionClose.Should().BeTrue("a refused listener holds no connection");
        refused.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Fact]
    public async Task Behind_a_known_proxy_the_socket_path_counts_each_forwarded_client()
    {
        await ListenAsync("127.0.0.1", "198.51.100.1");
        await ListenAsync("127.0.0.1", "198.51.100.1");

        var third = await ListenAsync("127.0.0.1", "198.51.100.1");
        var another = await ListenAsync("127.0.0.1", "203.0.113.5, 198.51.100.2");

        third.Should().StartWith("HTTP/1.1 503");
        another.Should().StartWith("HTTP/1.1 200 OK", "198.51.100.2 is another client behind the proxy");
    }

    [Fact]
    public async Task From_an_address_that_is_no_known_proxy_the_forwarded_header_is_ignored()
    {
        await ListenAsync("127.0.0.3", "198.51.100.3");
        await ListenAsync("127.0.0.3", "198.51.100.4");

        var third = await ListenAsync("127.0.0.3", "198.51.100.5");

        third.Should().StartWith("HTTP/1.1 503", "all three are 127.0.0.3's, whatever they claim");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _listeners.ForEach(l => l.Dispose());
        for (var i = 0; i < 100 && app.Listeners > 0; i++)
        {
            await Task.Delay(100);
        }

        app.Listeners.Should().Be(0, "every listener that went gave its place back");
    }

    /// <summary>Opens the stream on the socket path and keeps it open until the test ends; returns the response head.</summary>
    private async Task<string> ListenAsync(string local, string? forwardedFor = null)
    {
        var (socket, head) = await app.RequestStreamFromAsync(local, forwardedFor);
        _listeners.Add(socket);
        return head;
    }

    /// <summary>Opens the stream through the pipeline: on a connection that served a request before.</summary>
    private async Task<HttpResponseMessage> PipelineListenAsync(string local)
    {
        var client = app.CreateClientFrom(local);
        _listeners.Add(client);
        (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();
        var response = await client.OpenStreamAsync();
        _listeners.Add(response);
        return response;
    }

    private static async Task<bool> ClosesSoonAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
