using System.Net;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Listening;
using Radio.IntegrationTests.Station;

namespace Radio.IntegrationTests.Operations;

/// <summary>A server on the air with one short song, and a heartbeat limit low enough to reach.</summary>
public sealed class MetricsApp : RadioApp, IAsyncLifetime
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:RateLimiting:HeartbeatsPerMinute"] = "2",
        ["Radio:Station:ScheduleIntervalSeconds"] = "0.5",
    };

    public async Task InitializeAsync()
    {
        await this.AddSongAsync("Song A", 4);
        await this.WaitOnAirAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public sealed class MetricsDisabledApp : RadioApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Metrics:Enabled"] = "false",
    };
}

/// <summary>
/// Alone, after the parallel tests: OpenTelemetry knows instruments by meter and instrument name, so another test
/// host in this process disposing its own <c>Radio.Listening</c> meter would end these instruments' export too
/// (one process runs one host in production).
/// </summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsAlone;

[Collection(nameof(MetricsTests))]
public sealed class MetricsTests(MetricsApp app) : IClassFixture<MetricsApp>
{
    [Fact]
    public async Task Metrics_are_prometheus_text_and_heartbeats_count_by_outcome()
    {
        var client = app.CreateClient((await app.CreateClient().RegisterAsync()).Token);
        var before = await ScrapeAsync();
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            await client.PostHeartbeatAsync(now, i);
        }

        var after = await ScrapeAsync();

        after.Types["radio_heartbeats_total"].Should().Be("counter");
        (after.Sum("radio_heartbeats_total", ("outcome", "ok")) - before.Sum("radio_heartbeats_total", ("outcome", "ok"))).Should().Be(2);
        (after.Sum("radio_heartbeats_total", ("outcome", "rate_limited")) - before.Sum("radio_heartbeats_total", ("outcome", "rate_limited")))
            .Should().Be(1, "the limit is 2 a minute");
        after.Sum("radio_listening_sessions").Should().BeGreaterThanOrEqualTo(1);
        after.Has("radio_listening_credit_pending_seconds").Should().BeTrue();
        after.Sum("radio_relay_connected").Should().Be(0, "no relay is configured");
    }

    [Fact]
    public async Task A_search_adds_to_the_search_latency_histogram()
    {
        var before = await ScrapeAsync();

        (await app.CreateClient().GetAsync(new Uri("/songs?q=song", UriKind.Relative))).EnsureSuccessStatusCode();

        var after = await ScrapeAsync();
        after.Types["radio_search_duration_seconds"].Should().Be("histogram");
        (after.Sum("radio_search_duration_seconds_count", ("kind", "text")) - before.Sum("radio_search_duration_seconds_count", ("kind", "text")))
            .Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_stream_listener_shows_in_the_listener_gauge()
    {
        var before = (await ScrapeAsync()).Sum("radio_stream_listeners");
        using var response = await app.CreateClient().OpenStreamAsync();
        await using var body = await response.Content.ReadAsStreamAsync();
        await body.ReadAtLeastAsync(1000, TimeSpan.FromSeconds(5));

        (await ScrapeAsync()).Sum("radio_stream_listeners").Should().Be(before + 1);
    }

    [Fact]
    public async Task The_runtimes_own_metrics_are_exported_beside_the_stations()
    {
        var metrics = await ScrapeAsync();

        metrics.Types["dotnet_gc_pause_time_seconds_total"].Should().Be("counter");
        metrics.Sum("dotnet_jit_compilation_time_seconds_total").Should().BePositive("this process has compiled methods");
        metrics.Sum("dotnet_process_cpu_time_seconds_total").Should().BePositive();
        metrics.Has("dotnet_thread_pool_queue_length_total").Should().BeTrue();
    }

    [Fact]
    public async Task Metrics_are_not_rate_limited_nor_in_the_openapi_document()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 40; i++)
        {
            (await client.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var openApi = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        openApi.Should().NotContain("/metrics");
    }

    private async Task<PrometheusText> ScrapeAsync()
    {
        using var response = await app.CreateClient().GetAsync(new Uri("/metrics", UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }
}

public sealed class MetricsDisabledTests(MetricsDisabledApp app) : IClassFixture<MetricsDisabledApp>
{
    [Fact]
    public async Task With_metrics_disabled_the_endpoint_is_not_found()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/metrics", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
