using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using Radio.Application.Station;
using Radio.Domain.Listening;
using Radio.Domain.Station;
using Radio.Web.Common;
using Radio.Web.Events;
using Radio.Web.Station;

namespace Radio.UnitTests.Web.Station;

public sealed class StationTransportTests
{
    [Fact]
    public void Plain_http_endpoints_are_its_own_and_https_ones_are_left_to_kestrels_transport()
    {
        var transport = Transport(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:5000;https://127.0.0.1:5001",
            ["Kestrel:Endpoints:Secure:Url"] = "https://0.0.0.0:8443",
            ["https_ports"] = "9443",
        });

        transport.CanBind(new IPEndPoint(IPAddress.Loopback, 5000)).Should().BeTrue();
        transport.CanBind(new IPEndPoint(IPAddress.Loopback, 5001)).Should().BeFalse();
        transport.CanBind(new IPEndPoint(IPAddress.Any, 8443)).Should().BeFalse();
        transport.CanBind(new IPEndPoint(IPAddress.Any, 9443)).Should().BeFalse();
    }

    [Fact]
    public void Unix_sockets_are_left_to_kestrels_transport()
    {
        Transport([]).CanBind(new System.Net.Sockets.UnixDomainSocketEndPoint("/tmp/radio.sock")).Should().BeFalse();
    }

    private static StationTransport Transport(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var station = new StationOptions();
        var proxies = new ReverseProxies(configuration, NullLoggerFactory.Instance);
        var crossOrigin = new CrossOriginHeaders();
        var sockets = new StationSockets(
            new Broadcast(BroadcastOptions.Default), station, new ListenerSlots(station), proxies, crossOrigin, TimeProvider.System,
            NullLogger<StationSockets>.Instance);
        var hub = new LiveEvents(
            new OnAir(), Substitute.For<IListeningSessions>(), Substitute.For<IServiceScopeFactory>(),
            Options.Create(new JsonOptions()), Options.Create(new EventsOptions()), TimeProvider.System, NullLogger<LiveEvents>.Instance);
        var events = new EventSockets(hub, proxies, crossOrigin, TimeProvider.System, NullLogger<EventSockets>.Instance);
        return new StationTransport(
            Options.Create(new SocketTransportOptions()), sockets, events, configuration, NullLoggerFactory.Instance);
    }
}
