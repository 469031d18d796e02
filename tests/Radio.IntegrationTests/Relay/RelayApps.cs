using Radio.IntegrationTests.Station;
using Radio.TestData.Engines;

namespace Radio.IntegrationTests.Relay;

/// <summary>A <see cref="StationApp"/> relayed to its own private Icecast server.</summary>
public class RelayApp : StationApp
{
    public IcecastServer Icecast { get; } = new();

    protected virtual string RelayUrl => Icecast.RelayUrl();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:Relay:Url"] = RelayUrl,
        ["Serilog:MinimumLevel:Override:Radio.Infrastructure.Relay"] = "Information",
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            // not from the finalizer: an Icecast that failed to start left no server, and a throw there ends the test run
            Icecast.Dispose();
        }
    }
}

/// <summary>A relay whose Icecast the test restarts.</summary>
public sealed class RestartedRelayApp : RelayApp;

/// <summary>A relay configured with the wrong source password.</summary>
public sealed class WrongPasswordRelayApp : RelayApp
{
    protected override string RelayUrl => Icecast.RelayUrl("not-the-password");
}
