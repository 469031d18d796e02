using System.Text;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Station;

/// <summary>A station whose configured name would break the stream's response head.</summary>
public sealed class HeaderBreakingNameApp : RadioApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Station:Name"] = "Radio\r\nSet-Cookie: x=1",
    };
}

public sealed class StationNameTests
{
    [Fact]
    public void A_station_name_with_a_line_break_stops_the_server_at_start_up()
    {
        using var app = new HeaderBreakingNameApp();

        var start = () => app.CreateClient();

        start.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>()
            .WithMessage("*Radio:Station:Name*");
    }
}

/// <summary>A station whose name is not ASCII, on real Kestrel.</summary>
public sealed class AccentedNameStationApp : StationApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:Station:Name"] = "Radio Café",
    };
}

public sealed class AccentedStationNameTests(AccentedNameStationApp app) : IClassFixture<AccentedNameStationApp>
{
    [Theory]
    [InlineData(false)] // a new connection: the socket path
    [InlineData(true)]  // after another request on the same connection: the HTTP pipeline
    public async Task A_name_that_is_not_ascii_is_sent_as_utf8_on_both_stream_paths(bool keptAlive)
    {
        using var socket = await app.ConnectAsync();
        var requests = (keptAlive ? "GET /health/live HTTP/1.1\r\nHost: radio\r\n\r\n" : string.Empty)
            + "GET /radio/stream HTTP/1.1\r\nHost: radio\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(requests));

        var head = await socket.ReceiveUntilAsync("icy-br"); // on both paths the header after icy-name

        head.Should().Contain("HTTP/1.1 200 OK").And.Contain("audio/mpeg").And.Contain("icy-name: Radio Café");
    }
}
