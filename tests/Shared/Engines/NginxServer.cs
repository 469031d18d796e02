namespace Radio.TestData.Engines;

/// <summary>
/// Debian's nginx on a free loopback port with a site of the caller's (its <c>server</c> and <c>upstream</c> blocks),
/// every file it writes in a private folder. One process (<c>master_process off</c>) unless a worker per core is asked
/// for, as Debian ships it: a load test through one worker measures that worker. Disposing it kills every process it started.
/// </summary>
public sealed class NginxServer : IDisposable
{
    public const string Executable = "/usr/sbin/nginx";

    private readonly string _directory = Engines.PrivateDirectory("nginx");
    private readonly EngineProcess _process;

    /// <summary>Starts nginx with the site <paramref name="site"/> makes for the port it is to listen on.</summary>
    public NginxServer(Func<int, string> site, bool workerPerCore = false)
    {
        Port = Engines.FreePort();
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101); // nginx's temp files live below it
        }

        File.WriteAllText(Path.Combine(_directory, "nginx.conf"), MainConfiguration(_directory, site(Port), workerPerCore));
        _process = EngineProcess.Start(Executable, "nginx", Port, "-e", "stderr", "-p", _directory, "-c", Path.Combine(_directory, "nginx.conf"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public void Dispose()
    {
        _process.Dispose();
        Engines.DeleteQuietly(_directory);
    }

    private static string MainConfiguration(string directory, string site, bool workerPerCore) => $$"""
        daemon off;
        {{(workerPerCore ? "worker_processes auto;" : "master_process off;")}}
        pid {{directory}}/nginx.pid;
        error_log stderr warn;
        events { worker_connections 512; }
        http {
            access_log off;
            client_body_temp_path {{directory}}/client_body;
            proxy_temp_path {{directory}}/proxy;
            fastcgi_temp_path {{directory}}/fastcgi;
            uwsgi_temp_path {{directory}}/uwsgi;
            scgi_temp_path {{directory}}/scgi;
            {{site}}
        }
        """;
}
