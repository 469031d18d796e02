using System.Diagnostics;
using Serilog.Events;

namespace Radio.IntegrationTests.Relay;

public sealed class RelayRestartTests(RestartedRelayApp app) : IClassFixture<RestartedRelayApp>
{
    [Fact]
    public async Task Icecast_restarted_the_relay_is_back_within_10_seconds()
    {
        using (var before = await IcecastListener.ConnectAsync(app.Icecast, TimeSpan.FromSeconds(10)))
        {
            await before.ReadForAsync(TimeSpan.FromSeconds(1));
        }

        app.Icecast.Stop();
        await Task.Delay(TimeSpan.FromSeconds(2)); // the relay notices and backs off
        var restarted = Stopwatch.StartNew();
        app.Icecast.Start();

        using var after = await IcecastListener.ConnectAsync(app.Icecast, TimeSpan.FromSeconds(10));
        restarted.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        await after.ReadForAsync(TimeSpan.FromSeconds(2));
        after.Audio.Length.Should().BeGreaterThan(0);
        RelayTests.FramesCovered(after.Audio.ToArray()).Should().BeGreaterThan(0.95);
    }
}

public sealed class RelayWrongPasswordTests(WrongPasswordRelayApp app) : IClassFixture<WrongPasswordRelayApp>
{
    [Fact]
    public async Task A_wrong_source_password_is_a_logged_error_retried_with_back_off()
    {
        var waited = Stopwatch.StartNew();
        while (Refusals().Count < 3 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(200);
        }

        var refusals = Refusals();
        refusals.Should().HaveCountGreaterThanOrEqualTo(2, "it keeps retrying (logged: {0})",
                string.Join(" | ", app.Logs.Events.Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)).Take(30))).And.HaveCountLessThanOrEqualTo(4, "1 s, 2 s, 4 s: not a tight loop");
        var gaps = refusals.Zip(refusals.Skip(1), (a, b) => b.Timestamp - a.Timestamp).ToList();
        gaps.Should().BeInAscendingOrder("each wait is longer than the one before");
        gaps[^1].Should().BeGreaterThan(TimeSpan.FromSeconds(1.5));
        refusals.Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)).Should().AllSatisfy(m => m.Should().NotContain("not-the-password"));
        app.Logs.Events.Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)).Should().NotContain(m => m.Contains("not-the-password", StringComparison.Ordinal));
    }

    private List<LogEvent> Refusals() => [.. app.Logs.Events
        .Where(e => e.Level == LogEventLevel.Error && e.MessageTemplate.Text.Contains("refused the source password", StringComparison.Ordinal))];
}
