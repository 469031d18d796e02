using System.Net;
using Radio.Web.Common;

namespace Radio.UnitTests.Web.Common;

public sealed class ClientAddressTests
{
    [Fact]
    public void An_ipv4_address_is_its_own_key()
    {
        ClientAddress.PartitionKey(IPAddress.Parse("203.0.113.5")).Should().Be("203.0.113.5");
    }

    [Fact]
    public void An_ipv4_mapped_ipv6_address_is_keyed_as_its_ipv4_address()
    {
        ClientAddress.PartitionKey(IPAddress.Parse("::ffff:203.0.113.5")).Should().Be("203.0.113.5");
    }

    [Fact]
    public void Ipv6_addresses_are_keyed_by_their_64_network()
    {
        var a = ClientAddress.PartitionKey(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        var b = ClientAddress.PartitionKey(IPAddress.Parse("2001:db8:1:2::1"));
        var other = ClientAddress.PartitionKey(IPAddress.Parse("2001:db8:1:3::1"));

        a.Should().Be("2001:db8:1:2::/64").And.Be(b);
        other.Should().Be("2001:db8:1:3::/64");
    }

    [Fact]
    public void A_link_local_address_is_keyed_without_its_scope()
    {
        ClientAddress.PartitionKey(IPAddress.Parse("fe80::1%2")).Should().Be("fe80::/64");
    }

    [Fact]
    public void Without_an_address_the_key_is_unknown()
    {
        ClientAddress.PartitionKey((IPAddress?)null).Should().Be("unknown");
    }
}
