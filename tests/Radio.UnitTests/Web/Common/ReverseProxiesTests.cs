using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Radio.Web.Common;

namespace Radio.UnitTests.Web.Common;

/// <summary>What the stream's socket path believes of <c>X-Forwarded-For</c>; the pipeline's side is tested over HTTP.</summary>
public sealed class ReverseProxiesTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.5");

    [Fact]
    public void From_a_known_proxy_the_client_is_the_first_address_from_the_right_outside_the_known_networks()
    {
        var proxies = Proxies("10.0.0.0/8");

        proxies.ClientOf(Proxy, "198.51.100.1, 203.0.113.7, 10.1.2.3").Should().Be(IPAddress.Parse("203.0.113.7"));
    }

    [Fact]
    public void From_an_unknown_address_the_header_is_ignored()
    {
        var proxies = Proxies("10.0.0.0/8");

        proxies.ClientOf(IPAddress.Parse("203.0.113.9"), "198.51.100.1").Should().Be(IPAddress.Parse("203.0.113.9"));
    }

    [Fact]
    public void Loopback_is_trusted_only_when_listed()
    {
        Proxies("10.0.0.0/8").ClientOf(IPAddress.Loopback, "198.51.100.1").Should().Be(IPAddress.Loopback);
        Proxies("10.0.0.0/8").ClientOf(IPAddress.IPv6Loopback, "198.51.100.1").Should().Be(IPAddress.IPv6Loopback);
        Proxies("127.0.0.1").ClientOf(IPAddress.Loopback, "198.51.100.1").Should().Be(IPAddress.Parse("198.51.100.1"));
    }

    [Fact]
    public void An_ipv4_proxy_seen_on_a_dual_stack_socket_is_still_known()
    {
        Proxies("127.0.0.1").ClientOf(IPAddress.Parse("::ffff:127.0.0.1"), "198.51.100.1").Should().Be(IPAddress.Parse("198.51.100.1"));
    }

    [Fact]
    public void With_no_proxy_configured_nothing_is_trusted()
    {
        var proxies = Proxies(null);

        proxies.Options.Should().BeNull("with empty lists the framework's middleware would trust every address");
        proxies.ClientOf(IPAddress.Loopback, "198.51.100.1").Should().Be(IPAddress.Loopback);
    }

    [Fact]
    public void An_entry_that_is_no_address_or_network_stops_the_start_up()
    {
        var start = () => Proxies("10.0.0.0/8, proxy.internal");

        start.Should().Throw<InvalidOperationException>().WithMessage("*KnownNetworks*proxy.internal*");
    }

    [Fact]
    public void The_framework_defaults_are_replaced_by_the_listed_networks()
    {
        var options = Proxies("192.0.2.1, 2001:db8::/32").Options!;

        options.KnownProxies.Should().BeEmpty();
        options.KnownIPNetworks.Select(n => n.ToString()).Should().Equal("192.0.2.1/32", "2001:db8::/32");
        options.ForwardLimit.Should().BeNull("every hop through a known proxy is read, not only the last");
    }

    private static ReverseProxies Proxies(string? knownNetworks) => new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ReverseProxies.Section] = knownNetworks,
        }).Build(),
        NullLoggerFactory.Instance);
}
