using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Operations;
using Serilog.Core;

namespace Radio.IntegrationTests.Station;

/// <summary>
/// A server on real Kestrel and loopback TCP, behind the station's own transport (which the in-memory test server skips),
/// with an empty library. The stream writes its own request event; <see cref="Logs"/> collects that source's events.
/// </summary>
public class KestrelRadioApp : RadioApp
{
    public KestrelRadioApp() => UseKestrel(0);

    public LogCollector Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Serilog:MinimumLevel:Override:Radio.Web.Station"] = "Information",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(Logs));
    }
}
