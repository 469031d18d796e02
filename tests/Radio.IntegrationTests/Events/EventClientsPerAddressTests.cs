using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Station;
using Radio.Web.Events;

namespace Radio.IntegrationTests.Events;

/// <summary>A station that serves two live-event clients per client address, behind a proxy at 127.0.0.1.</summary>
public sealed class EventsPerAddressApp : StationApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:Events:MaxClientsPerAddress"] = "2",
        ["Radio:ForwardedHeaders:KnownNetworks"] = "127.0.0.1",
    };
}

/// <summary>
/// <c>Radio:Events:MaxClientsPerAddress</c> (API.md, Limits and abuse): one address cannot take every place. Clients
/// connect from 127.0.0.2, 127.0.0.3 … (see <see cref="LoopbackClients"/>); every test ends its clients and waits until
/// the server has let them go.
/// </summary>
public sealed class EventClientsPerAddressTests(EventsPerAddressApp app) : IClassFixture<EventsPerAddressApp>, IAsyncLifetime
{
    private readonly List<IDisposable> _open = [];

    [Theory]
    [InlineData(EventsPath.Socket)]
    [InlineData(EventsPath.Pipeline)]
    public async Task Past_the_cap_per_address_a_client_gets_503_with_retry_after_and_closes_and_other_addresses_do_not(EventsPath path)
    {
        (await OpenAsync("127.0.0.2", path)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await OpenAsync("127.0.0.2", path)).StatusCode.Should().Be(HttpStatusCode.OK);

        var refused = await OpenAsync("127.0.0.2", path);
        var other = await OpenAsync("127.0.0.3", path);

        var problem = await refused.ShouldBeProblemAsync(503);
        problem.Detail.Should().Contain("address");
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
        refused.Headers.ConnectionClose.Should().BeTrue("a refused client holds no connection");
        other.StatusCode.Should().Be(HttpStatusCode.OK, "another address has places of its own");
    }

    [Theory]
    [InlineData(EventsPath.Socket)]
    [InlineData(EventsPath.Pipeline)]
    public async Task The_cap_per_address_counts_the_clients_of_both_paths(EventsPath third)
    {
        (await OpenAsync("127.0.0.2", EventsPath.Socket)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await OpenAsync("127.0.0.2", EventsPath.Pipeline)).StatusCode.Should().Be(HttpStatusCode.OK);

        var refused = await OpenAsync("127.0.0.2", third);

        await refused.ShouldBeProblemAsync(503);
    }

    [Fact]
    public async Task A_client_that_leaves_gives_its_address_its_place_back()
    {
        await OpenAsync("127.0.0.2", EventsPath.Socket);
        var leaving = await OpenAsync("127.0.0.2", EventsPath.Socket);
        leaving.StatusCode.Should().Be(HttpStatusCode.OK);
        leaving.Dispose();

        await app.ClientsLeftAsync(1);
        var again = await OpenAsync("127.0.0.2", EventsPath.Socket);

        again.StatusCode.Should().Be(HttpStatusCode.OK, "the client that left no longer counts");
    }

    [Theory]
    [InlineData(EventsPath.Socket)]
    [InlineData(EventsPath.Pipeline)]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_places(EventsPath path)
    {
        await OpenAsync("127.0.0.1", path, "198.51.100.1");
        await OpenAsync("127.0.0.1", path, "198.51.100.1");

        var third = await OpenAsync("127.0.0.1", path, "198.51.100.1");
        var another = await OpenAsync("127.0.0.1", path, "203.0.113.5, 198.51.100.2");

        ((int)third.StatusCode).Should().Be(503);
        another.StatusCode.Should().Be(HttpStatusCode.OK, "198.51.100.2 is another client behind the proxy");
    }

    [Fact]
    public async Task From_an_address_that_is_no_known_proxy_the_forwarded_header_is_ignored()
    {
        await OpenAsync("127.0.0.3", EventsPath.Socket, "198.51.100.3");
        await OpenAsync("127.0.0.3", EventsPath.Pipeline, "198.51.100.4");

        var third = await OpenAsync("127.0.0.3", EventsPath.Socket, "198.51.100.5");

        ((int)third.StatusCode).Should().Be(503, "all three are 127.0.0.3's, whatever they claim");
    }

    public Task InitializeAsync() => app.ClientsLeftAsync(0);

    public async Task DisposeAsync()
    {
        _open.ForEach(o => o.Dispose());
        await app.ClientsLeftAsync(0);
        app.Services.GetRequiredService<LiveEvents>().Clients
            .Should().Be(0, "every client that went gave its place back");
    }

    /// <summary>Opens the events on a connection of its own from <paramref name="local"/>, kept open until the test ends.</summary>
    private async Task<HttpResponseMessage> OpenAsync(string local, EventsPath path, string? forwardedFor = null)
    {
        var client = CreateClientFrom(local);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        var response = await client.OpenEventsAsync(path);
        _open.Add(response);
        return response;
    }

    private HttpClient CreateClientFrom(string local)
    {
        var client = app.CreateClientFrom(local);
        _open.Add(client);
        return client;
    }
}

public sealed class EventClientsPerAddressConfigurationTests
{
    private sealed class NoPlacePerAddressApp : RadioApp
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Radio:Events:MaxClientsPerAddress"] = "0",
        };
    }

    [Fact]
    public void A_cap_per_address_below_one_stops_the_start_up()
    {
        using var app = new NoPlacePerAddressApp();

        var start = () => app.CreateClient();

        start.Should().Throw<Exception>().WithMessage("*MaxClientsPerAddress must be at least 1*");
    }
}
