using System.Globalization;

namespace Radio.ClusterTests;

/// <summary>How the cluster is configured: each instance's environment, and nginx in front (docs/deploying.md, "Several instances").</summary>
public static class ClusterSettings
{
    public const string SigningKey = "the signing key every instance of the cluster shares";

    /// <summary>Smaller than the default 30, so a test sees batches written within seconds.</summary>
    public const int FlushThresholdSeconds = 5;

    /// <summary>What every instance gets beyond its own <c>ASPNETCORE_URLS</c> and <c>Radio__DataDirectory</c>.</summary>
    public static IReadOnlyDictionary<string, string> Instance(string database, string redis, string media, string? relayUrl) =>
        new Dictionary<string, string>
        {
            ["Radio__Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Radio"] = database,
            ["ConnectionStrings__Redis"] = redis,
            ["Radio__Media__Directory"] = media,
            ["Radio__Tokens__SigningKey"] = SigningKey,
            ["Radio__ForwardedHeaders__KnownNetworks"] = "127.0.0.1",
            ["Radio__Listening__FlushThresholdSeconds"] = FlushThresholdSeconds.ToString(CultureInfo.InvariantCulture),
            // every test client is 127.0.0.1
            ["Radio__RateLimiting__AuthPerMinute"] = "10000",
            ["Radio__RateLimiting__HeartbeatsPerMinute"] = "10000",
            ["Radio__RateLimiting__AnonymousPerMinute"] = "10000",
            // one song ahead, so the entries playing during a test are appended during it, by whichever instances live
            ["Radio__Station__SongsAhead"] = "1",
            ["Radio__Station__ScheduleAheadSeconds"] = "2",
            ["Radio__Station__ScheduleIntervalSeconds"] = "1",
            // songs in the station's format play as uploaded; no rendition is made
            ["Radio__Station__Ffmpeg"] = "/nonexistent/ffmpeg",
            ["Radio__Relay__Url"] = relayUrl ?? "",
            ["Serilog__MinimumLevel__Override__Radio.Infrastructure.Relay"] = "Information",
        };

    /// <summary>nginx round robin over the instances' ports, saying in a header which instance answered.</summary>
    public static string NginxSite(int port, IEnumerable<int> instancePorts) => $$"""
        upstream radio {
            {{string.Concat(instancePorts.Select(p => $"server 127.0.0.1:{p}; "))}}
        }
        server {
            listen 127.0.0.1:{{port}};
            client_max_body_size 60m;
            proxy_set_header Host              $host;
            proxy_set_header X-Forwarded-For   $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host  $host;
            add_header X-Upstream $upstream_addr always;
            location / { proxy_pass http://radio; }
            location = /radio/stream { proxy_pass http://radio; proxy_buffering off; proxy_read_timeout 24h; }
            location = /radio/events { proxy_pass http://radio; proxy_buffering off; proxy_read_timeout 24h; }
        }
        """;
}
