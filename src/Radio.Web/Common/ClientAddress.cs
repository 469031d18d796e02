using System.Net;
using System.Net.Sockets;

namespace Radio.Web.Common;

/// <summary>
/// The client address that per-address limits key on: the remote address after forwarded headers (see
/// <see cref="ReverseProxies"/>). An IPv4-mapped IPv6 address is its IPv4 address, and an IPv6 address counts as its
/// /64 network: one subscriber is routinely given a whole /64, so keying single addresses would give them billions of
/// budgets.
/// </summary>
internal static class ClientAddress
{
    public const int Ipv6PrefixLength = 64;

    /// <summary>The partition key of the request's client.</summary>
    public static string PartitionKey(HttpContext http) => PartitionKey(http.Connection.RemoteIpAddress);

    /// <summary>The partition key of <paramref name="address"/>; <c>unknown</c> for a server that gives none.</summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[(Ipv6PrefixLength / 8)..].Clear(); // the scope id goes too: a link-local /64 is one network
        return $"{new IPAddress(bytes)}/{Ipv6PrefixLength}";
    }
}
