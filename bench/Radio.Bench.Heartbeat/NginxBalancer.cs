using System.Diagnostics;
using System.Net.Sockets;
using Radio.TestData.Engines;
using static Radio.Bench.Heartbeat.HeartbeatBench;

namespace Radio.Bench.Heartbeat;

/// <summary>Debian's nginx in the foreground on a free loopback port, round robin over the instances, in a temp folder.</summary>
internal sealed class NginxBalancer : IDisposable
{
    private readonly Process _process;

    private NginxBalancer(Process process, string directory, int port) =>
        (_process, Directory, Address) = (process, directory, Invariant($"http://127.0.0.1:{port}"));

    public string Directory { get; }

    public string Address { get; }

    public static NginxBalancer Start(IReadOnlyList<string> instances)
    {
        var directory = Engines.PrivateDirectory("bench-nginx");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101); // nginx's workers create their temp files below it
        }

        var port = Engines.FreePort();
        var servers = string.Concat(instances.Select(i => $"        server {new Uri(i).Authority};\n"));
        var configuration = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(configuration, $$"""
            daemon off;
            worker_processes auto; # one per core, as Debian ships it
            pid {{directory}}/nginx.pid;
            error_log stderr warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                upstream radio {
            {{servers}}
                    # unlike deploy/nginx.conf (streams): thousands of heartbeats a second on fresh connections would
                    # run out of loopback ports in TIME_WAIT and measure connection setup
                    keepalive 128;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://radio;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
                }
            }
            """);
        var process = Process.Start(new ProcessStartInfo("/usr/sbin/nginx")
        {
            ArgumentList = { "-e", "stderr", "-p", directory, "-c", configuration },
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("nginx did not start: apt-get install nginx");
        var balancer = new NginxBalancer(process, directory, port);
        var waited = Stopwatch.StartNew();
        while (!Listening(port))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                balancer.Dispose();
                throw new InvalidOperationException("nginx did not listen; its errors are above");
            }

            Thread.Sleep(20);
        }

        return balancer;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // its master and the workers it started
            _process.WaitForExit();
        }

        _process.Dispose();
        Engines.DeleteQuietly(Directory);
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
