using Microsoft.Extensions.Options;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Station.Sound;

/// <summary>A server with one station sound setting changed.</summary>
public sealed class SoundSettingApp(string key, string value) : RadioApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { [key] = value };
}

public sealed class SoundConfigurationTests
{
    [Theory]
    [InlineData("Radio:Station:SampleRate", "44000")]
    [InlineData("Radio:Station:Channels", "6")]
    [InlineData("Radio:Station:BitrateKbps", "144")]
    [InlineData("Radio:Station:LoudnessLufs", "3")]
    [InlineData("Radio:Station:RenditionWorkers", "0")]
    public void A_station_sound_no_mp3_stream_can_carry_stops_the_start_up(string key, string value)
    {
        using var app = new SoundSettingApp(key, value);

        var start = () => app.CreateClient();

        start.Should().Throw<OptionsValidationException>().WithMessage("*Radio:Station:*");
    }

    [Fact]
    public void Another_valid_station_sound_starts()
    {
        using var app = new SoundSettingApp("Radio:Station:SampleRate", "48000");

        using var client = app.CreateClient();

        client.Should().NotBeNull();
    }
}
