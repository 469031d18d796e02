using System.Net;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Operations;

/// <summary>A server whose <c>ConnectionStrings:Radio</c> points outside its data directory.</summary>
public sealed class ConnectionStringApp : RadioApp
{
    public string DatabaseFile { get; } = Path.Combine(Path.GetTempPath(), "radio-tests", $"elsewhere-{Guid.NewGuid():N}.db");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ConnectionStrings:Radio"] = $"Data Source={DatabaseFile}",
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            File.Delete(DatabaseFile);
        }
    }
}

/// <summary>A server configured with a database provider the contract does not know.</summary>
public sealed class UnknownProviderApp : RadioApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Database:Provider"] = "Oracle",
    };
}

public sealed class ConfigurationTests
{
    [Fact]
    public async Task Without_a_connection_string_the_database_is_a_file_in_the_data_directory()
    {
        using var app = new RadioApp();

        (await app.CreateClient().GetReadyAsync()).StatusCode.Should().Be(HttpStatusCode.OK);

        File.Exists(Path.Combine(app.DataDirectory, "radio.db")).Should().BeTrue();
    }

    [Fact]
    public async Task The_radio_connection_string_decides_where_the_database_is()
    {
        using var app = new ConnectionStringApp();

        await app.CreateClient().RegisterAsync();

        File.Exists(app.DatabaseFile).Should().BeTrue();
        File.Exists(Path.Combine(app.DataDirectory, "radio.db")).Should().BeFalse();
    }

    [Fact]
    public void An_unknown_database_provider_stops_the_start_up()
    {
        using var app = new UnknownProviderApp();

        var start = () => app.CreateClient();

        start.Should().Throw<InvalidOperationException>().WithMessage("*Provider*Oracle*");
    }
}
