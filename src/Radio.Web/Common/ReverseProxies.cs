using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Radio.Web.Common;

/// <summary>
/// The reverse proxies of <c>Radio:ForwardedHeaders:KnownNetworks</c> (IP addresses or CIDR networks, comma-separated):
/// a request from one of them has its <c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c>
/// applied by the framework's <see cref="ForwardedHeadersMiddleware"/>; from anywhere else those headers are ignored.
/// Only the listed networks are trusted (the framework's default loopback entries are cleared), and
/// <c>X-Forwarded-For</c> is read from the right, past every address inside them: the first one outside is the client.
/// The stream's socket path, which sees its requests before any middleware, asks <see cref="ClientOf"/>, which runs
/// the same middleware with the same options.
/// </summary>
internal sealed class ReverseProxies
{
    public const string Section = "Radio:ForwardedHeaders:KnownNetworks";

    private readonly ForwardedHeadersMiddleware? _forwarders;

    public ReverseProxies(IConfiguration configuration, ILoggerFactory loggers)
    {
        var networks = Parse(configuration[Section]);
        if (networks.Count == 0)
        {
            // none listed: the middleware is not used at all, since with empty lists it would trust every address
            return;
        }

        Options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            ForwardLimit = null, // every hop through a known proxy, not only the last one
        };
        Options.KnownProxies.Clear();
        Options.KnownIPNetworks.Clear();
        foreach (var network in networks)
        {
            Options.KnownIPNetworks.Add(network);
        }

        _forwarders = new ForwardedHeadersMiddleware(_ => Task.CompletedTask, loggers, Microsoft.Extensions.Options.Options.Create(Options));
    }

    /// <summary>The middleware's options; null when no proxy is trusted.</summary>
    public ForwardedHeadersOptions? Options { get; }

    /// <summary>
    /// The client of a request that came from <paramref name="peer"/> with these <c>X-Forwarded-For</c> values (null
    /// without the header): what <see cref="HttpContext.Connection"/> says after the middleware.
    /// </summary>
    public IPAddress? ClientOf(IPAddress? peer, string? forwardedFor)
    {
        if (_forwarders is null || string.IsNullOrEmpty(forwardedFor))
        {
            return peer;
        }

        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = peer;
        http.Request.Headers[Options!.ForwardedForHeaderName] = forwardedFor;
        _forwarders.ApplyForwarders(http);
        return http.Connection.RemoteIpAddress;
    }

    /// <summary>The entries of <paramref name="value"/>; a single address is a network of its own.</summary>
    public static IReadOnlyList<IPNetwork> Parse(string? value)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/', StringComparison.Ordinal))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                throw new InvalidOperationException(
                    $"{Section}: '{entry}' is neither an IP address nor a CIDR network such as 10.0.0.0/8.");
            }
        }

        return networks;
    }
}
