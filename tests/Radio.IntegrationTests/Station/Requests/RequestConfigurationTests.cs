using Microsoft.Extensions.DependencyInjection;
using Radio.Application.Station;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Station.Requests;

public sealed class RequestConfigurationTests
{
    [Fact]
    public void Without_configuration_the_request_rules_are_the_contracts_defaults()
    {
        using var app = new RadioApp();

        var options = app.Services.GetRequiredService<RequestOptions>();

        (options.RecentMinutes, options.MaxPending, options.IntervalMinutes).Should().Be((60, 20, 10));
    }

    [Fact]
    public void A_max_pending_below_one_stops_the_start_up()
    {
        using var app = new OwnRequestsApp(0, new Dictionary<string, string> { ["Radio:Requests:MaxPending"] = "0" });

        var start = () => app.CreateClient();

        start.Should().Throw<Exception>().WithMessage("*Radio:Requests*");
    }

    [Fact]
    public async Task The_recent_window_is_configured_and_reaches_ahead_into_the_schedule()
    {
        await using var app = new OwnRequestsApp(8, new Dictionary<string, string> { ["Radio:Requests:RecentMinutes"] = "15" });
        await app.InitializeAsync();
        var client = app.CreateClient();
        var next = (await client.NowPlayingAsync()).Next; // 10-minute songs: they start 10, 20 and 30 minutes from now
        var (listener, _) = await app.NewListenerAsync();

        var soon = await listener.RequestAsync(next[0].Id);
        var later = await listener.RequestOkAsync(next[1].Id);

        (await soon.ShouldBeProblemAsync(409)).Detail.Should().Contain("within 15 minutes");
        var after = (await client.NowPlayingAsync()).Next.Select(s => s.Id).ToList();
        after[0].Should().Be(later.Song.Id, "the requested song moves up");
        after.Skip(1).Should().NotContain(later.Song.Id, "and its later place in the round is given up");
    }
}
