using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Station;
using Radio.Web.Events;

namespace Radio.IntegrationTests.Events;

/// <summary>A station that serves two live-event clients at most, with the default keep-alive.</summary>
public sealed class TwoEventClientsApp : StationApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:Events:MaxClients"] = "2",
    };
}

public abstract class EventClientLimitTests(TwoEventClientsApp app, EventsPath path) : IClassFixture<TwoEventClientsApp>
{
    [Fact]
    public async Task Past_MaxClients_a_client_gets_503_with_Retry_After_and_a_freed_place_is_taken_again()
    {
        using var client = app.CreateClient();
        var first = await client.OpenEventsAsync(path);
        using var second = await client.OpenEventsAsync(path);

        using var third = await client.OpenEventsAsync(path);
        await third.ShouldBeProblemAsync(503);
        third.Headers.RetryAfter!.Delta.Should().BePositive();
        third.Headers.ConnectionClose.Should().BeTrue("a refused client's retry comes on a new connection");

        first.Dispose();
        await app.ClientsLeftAsync(1);

        using var again = await client.OpenEventsAsync(path);
        ((int)again.StatusCode).Should().Be(200, "the client that left freed its place");
    }
}

public sealed class EventClientLimitOverSocketTests(TwoEventClientsApp app) : EventClientLimitTests(app, EventsPath.Socket);

public sealed class EventClientLimitOverPipelineTests(TwoEventClientsApp app) : EventClientLimitTests(app, EventsPath.Pipeline);

public sealed class EventClientLimitAcrossPathsTests(TwoEventClientsApp app) : IClassFixture<TwoEventClientsApp>
{
    [Theory]
    [InlineData(EventsPath.Socket)]
    [InlineData(EventsPath.Pipeline)]
    public async Task MaxClients_counts_the_clients_of_both_paths(EventsPath third)
    {
        await app.ClientsLeftAsync(0); // those of the test before
        using var client = app.CreateClient();
        using var fromItsSocket = await client.OpenEventsAsync(EventsPath.Socket);
        using var throughThePipeline = await client.OpenEventsAsync(EventsPath.Pipeline);

        using var refused = await client.OpenEventsAsync(third);

        await refused.ShouldBeProblemAsync(503);
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
    }

    [Theory]
    [InlineData(EventsPath.Socket, EventsPath.Pipeline)]
    [InlineData(EventsPath.Pipeline, EventsPath.Socket)]
    public async Task A_place_freed_on_one_path_is_taken_on_the_other(EventsPath leaving, EventsPath joining)
    {
        await app.ClientsLeftAsync(0); // those of the test before
        using var client = app.CreateClient();
        var left = await client.OpenEventsAsync(leaving);
        using var other = await client.OpenEventsAsync(leaving);
        using (var refused = await client.OpenEventsAsync(joining))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }

        left.Dispose();
        await app.ClientsLeftAsync(1);

        using var joined = await client.OpenEventsAsync(joining);
        joined.StatusCode.Should().Be(HttpStatusCode.OK, "the client that left freed its place");
    }
}

public static class EventClients
{
    /// <summary>Waits up to 5 s for the server to count no more than <paramref name="count"/> live-event clients.</summary>
    public static async Task ClientsLeftAsync(this RadioApp app, int count)
    {
        var clients = app.Services.GetRequiredService<LiveEvents>();
        for (var i = 0; i < 100 && clients.Clients > count; i++)
        {
            await Task.Delay(50);
        }
    }
}

/// <summary>
/// A station whose live events flood (a keep-alive every 5 ms) and whose Kestrel buffers no response bytes of its own,
/// so a client that stops reading fills its socket buffers within seconds.
/// </summary>
public sealed class FloodedEventsApp : StationApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:Events:KeepAliveSeconds"] = "0.005",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.Configure<KestrelServerOptions>(o => o.Limits.MaxResponseBufferSize = 0));
    }
}

public abstract class SlowEventClientTests(FloodedEventsApp app, EventsPath path) : IClassFixture<FloodedEventsApp>
{
    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_and_the_others_keep_receiving()
    {
        using var client = app.CreateClient();
        using var stuck = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stuck.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port);
        if (path == EventsPath.Pipeline)
        {
            await stuck.SendAsync("GET /health/live HTTP/1.1\r\nHost: radio\r\n\r\n"u8.ToArray());
            (await stuck.ReceiveUntilAsync("Healthy")).Should().Contain("Healthy", "the connection is Kestrel's from here on");
        }

        await stuck.SendAsync("GET /radio/events HTTP/1.1\r\nHost: radio\r\n\r\n"u8.ToArray());
        using var response = await client.OpenEventsAsync(path);
        using var events = await response.EventsAsync();
        var hub = app.Services.GetRequiredService<LiveEvents>();
        var started = Stopwatch.StartNew();
        // on a loaded machine the stuck client's request may be taken after the reader's: both have joined first (its
        // buffers take seconds to fill, so it is not dropped before this sees it)
        while (started.Elapsed < TimeSpan.FromSeconds(10) && hub.Clients < 2)
        {
            await Task.Delay(10);
        }

        hub.Clients.Should().Be(2, "the stuck client and the reader have joined");

        // the reader reads everything; the stuck client reads nothing, and once its buffers are full it is dropped
        var received = 0;
        while (started.Elapsed < TimeSpan.FromSeconds(30) && (hub.Clients > 1 || received == 0))
        {
            (await events.NextAsync(TimeSpan.FromSeconds(1))).Should().NotBeNull("the client that reads is never kept waiting");
            received++;
        }

        hub.Clients.Should().Be(1, "the stuck client was dropped and the one that reads is still connected");
        (await ReadsToTheEndAsync(stuck)).Should().BeTrue("the server closed the stuck connection");
        var change = await events.NextOfAsync("now-playing", TimeSpan.FromSeconds(6));
        change.Should().NotBeNull("the client that reads still gets song changes");
    }

    /// <summary>Whether reading what is left ends (closed or reset) instead of receiving a live stream.</summary>
    private static async Task<bool> ReadsToTheEndAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true; // reset
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

public sealed class SlowEventClientOverSocketTests(FloodedEventsApp app) : SlowEventClientTests(app, EventsPath.Socket);

public sealed class SlowEventClientOverPipelineTests(FloodedEventsApp app) : SlowEventClientTests(app, EventsPath.Pipeline);
