using System.Globalization;

namespace Radio.TestData.Engines;

/// <summary>
/// A private Icecast 2.4 server from Debian's <c>icecast2</c> on a free loopback port, with its own config, logs and
/// passwords in a private folder. Icecast refuses to run as root, so as root it changes to the <c>icecast2</c> user
/// (<c>&lt;changeowner&gt;</c>) after binding. It can be stopped and started again on the same port, as a restart.
/// </summary>
public sealed class IcecastServer : IDisposable
{
    public const string SourcePassword = "source-secret";
    public const string AdminPassword = "admin-secret";
    public const string Mount = "/radio";

    private const string User = "icecast2";
    private const string Group = "icecast";
    private readonly string _directory;
    private EngineProcess? _process;

    public IcecastServer()
    {
        _directory = Engines.PrivateDirectory("icecast", $"{User}:{Group}");
        Port = Engines.FreePort();
        WriteConfig();
        Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>The relay URL for the mount, with <paramref name="password"/> as the source password.</summary>
    public string RelayUrl(string password = SourcePassword) => $"http://source:{password}@127.0.0.1:{Port}{Mount}";

    /// <summary>Icecast's error log so far (where it notes sources, refusals and titles).</summary>
    public string ErrorLog => File.Exists(Path.Combine(_directory, "error.log")) ? File.ReadAllText(Path.Combine(_directory, "error.log")) : "";

    public void Start() => _process = EngineProcess.Start("icecast2", "icecast2", Port, "-c", Path.Combine(_directory, "icecast.xml"));

    /// <summary>Kills the server at once: the source's connection drops.</summary>
    public void Stop()
    {
        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        Engines.DeleteQuietly(_directory);
    }

    private void WriteConfig()
    {
        var security = Engines.IsRoot
            ? $"<security><chroot>0</chroot><changeowner><user>{User}</user><group>{Group}</group></changeowner></security>"
            : "<security><chroot>0</chroot></security>";
        var config = string.Create(CultureInfo.InvariantCulture, $"""
            <icecast>
              <location>test</location><admin>test@localhost</admin>
              <limits><clients>5000</clients><sources>4</sources><queue-size>524288</queue-size>
                <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>10</source-timeout>
                <burst-size>65535</burst-size></limits>
              <authentication><source-password>{SourcePassword}</source-password><relay-password>{SourcePassword}</relay-password>
                <admin-user>admin</admin-user><admin-password>{AdminPassword}</admin-password></authentication>
              <hostname>127.0.0.1</hostname>
              <listen-socket><port>{Port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
              <fileserve>1</fileserve>
              <paths><basedir>/usr/share/icecast2</basedir><logdir>{_directory}</logdir><webroot>/usr/share/icecast2/web</webroot>
                <adminroot>/usr/share/icecast2/admin</adminroot><pidfile>{_directory}/icecast.pid</pidfile></paths>
              <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>4</loglevel></logging>
              {security}
            </icecast>
            """);
        File.WriteAllText(Path.Combine(_directory, "icecast.xml"), config);
    }
}
