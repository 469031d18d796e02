using System.Text;

namespace Radio.Infrastructure.Relay;

/// <summary>
/// The Icecast mount of <c>Radio:Relay:Url</c> (<c>http://source:password@host:port/mount</c>), split into what the
/// source connection needs. <see cref="ToString"/> leaves the credentials out, so it is what logs may show.
/// </summary>
internal sealed class RelayTarget
{
    private RelayTarget(string host, int port, string mount, string user, string password)
    {
        (Host, Port, Mount) = (host, port, mount);
        Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The mount's path, <c>/stream</c>.</summary>
    public string Mount { get; }

    /// <summary>The <c>Authorization</c> header value for the source user (for the stream and for title updates).</summary>
    public string Authorization { get; }

    /// <summary>The mount without its credentials.</summary>
    public override string ToString() => $"http://{Host}:{Port}{Mount}";

    /// <summary>Reads the URL; false with the reason when it is not an <c>http://user:password@host:port/mount</c> URL.</summary>
    public static bool TryParse(string? url, out RelayTarget? target, out string problem)
    {
        target = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            problem = "Radio:Relay:Url must be an http:// URL of an Icecast mount.";
            return false;
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo.Length != 2 || userInfo[0].Length == 0)
        {
            problem = "Radio:Relay:Url must carry the source user and password (http://source:password@host:port/mount).";
            return false;
        }

        if (uri.AbsolutePath.Length < 2 || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            problem = "Radio:Relay:Url must name a mount (http://source:password@host:port/mount), without a query.";
            return false;
        }

        target = new RelayTarget(uri.Host, uri.Port, uri.AbsolutePath,
            Uri.UnescapeDataString(userInfo[0]), Uri.UnescapeDataString(userInfo[1]));
        problem = string.Empty;
        return true;
    }
}
