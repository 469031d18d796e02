using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Library;
using Radio.IntegrationTests.Persistence;
using Radio.TestData;
using Radio.TestData.Engines;
using Radio.Web.Library;

namespace Radio.IntegrationTests.Instances;

/// <summary>
/// One instance of a deployment of several: a database on the private PostgreSQL, one Redis, one media directory and
/// one signing key shared with the other instances made from the same <see cref="Deployment"/>.
/// </summary>
public sealed class InstanceApp : RadioApp
{
    private readonly Deployment _deployment;
    private readonly TimeProvider? _clock;
    private readonly IReadOnlyDictionary<string, string>? _settings;

    public InstanceApp(Deployment deployment, TimeProvider? clock = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        _deployment = deployment;
        _clock = clock;
        _settings = settings;
        Database = TestDatabase.PostgreSql;
        PostgreSqlDatabase = deployment.Database;
    }

    /// <summary>
    /// Settings for an instance whose credit only the test flushes: a background flush would race the test's own, or
    /// empty what the test reads.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FlushedByTheTest { get; } =
        new Dictionary<string, string> { ["Radio:Listening:FlushIntervalSeconds"] = "86400" };

    public sealed record Deployment(string Database, string Redis, string MediaDirectory)
    {
        public static Deployment New(RedisServer redis) => new(
            PostgresServer.Instance.NewDatabase(), redis.ConnectionString, Engines.PrivateDirectory("media"));
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(_settings ?? new Dictionary<string, string>())
    {
        ["ConnectionStrings:Redis"] = _deployment.Redis,
        ["Radio:Media:Directory"] = _deployment.MediaDirectory,
        ["Radio:Tokens:SigningKey"] = PostgresRadioApp.SharedSigningKey,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_clock is not null)
        {
            // the instances of a deployment may share one test clock, as machines share the time of day
            builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        }
    }
}

/// <summary>API.md, Deployment, several instances: PostgreSQL, Redis and a shared media directory, all real.</summary>
public sealed class SeveralInstancesTests : IDisposable
{
    private readonly RedisServer _redis = new(); // its own: a test stops it
    private readonly InstanceApp.Deployment _deployment;
    private readonly InstanceApp _first;
    private readonly InstanceApp _second;

    public SeveralInstancesTests()
    {
        _deployment = InstanceApp.Deployment.New(_redis);
        _first = new InstanceApp(_deployment);
        _second = new InstanceApp(_deployment);
    }

    [Fact]
    public async Task An_upload_through_one_instance_is_found_and_served_by_another_within_2_seconds()
    {
        await ReadyAsync(_second);
        var (artist, _) = await _first.NewArtistAsync();
        var title = "Everywhere " + Guid.NewGuid().ToString("N")[..8];

        var song = await artist.UploadSongAsync(title, image: PngWriter.Png());

        var found = await WithinAsync(TimeSpan.FromSeconds(2), async () =>
            (await _second.CreateClient().GetFromJsonAsync<List<SongResponse>>($"/songs?q={Uri.EscapeDataString(title)}", Api.Json))!
            .Any(s => s.Id == song.Id));
        found.Should().BeTrue("the other instance's search index heard of the upload");
        var audio = await _second.CreateClient().GetAsync($"/songs/{song.Id}/audio");
        audio.StatusCode.Should().Be(HttpStatusCode.OK);
        (await audio.Content.ReadAsByteArrayAsync()).Should().Equal(LibraryApi.ThreeSeconds);
        (await _second.CreateClient().GetAsync($"/songs/{song.Id}/image")).StatusCode.Should().Be(HttpStatusCode.OK);
        Directory.GetFiles(_deployment.MediaDirectory).Should().HaveCountGreaterThanOrEqualTo(2, "audio and image in the shared directory");
    }

    [Fact]
    public async Task A_Redis_outage_makes_ready_503_and_on_recovery_the_missed_changes_are_read_without_a_restart()
    {
        await ReadyAsync(_first);
        await ReadyAsync(_second);
        var (artist, _) = await _first.NewArtistAsync();

        _redis.Stop();
        var down = await WithinAsync(TimeSpan.FromSeconds(10), async () =>
            (await _second.CreateClient().GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable);
        var title = "Missed " + Guid.NewGuid().ToString("N")[..8];
        var song = await artist.UploadSongAsync(title); // announced while nobody can hear it
        _redis.Start();

        down.Should().BeTrue();
        (await ReadyAsync(_second)).Should().BeTrue("the instance reconnects by itself");
        var found = await WithinAsync(TimeSpan.FromSeconds(20), async () =>
            (await _second.CreateClient().GetFromJsonAsync<List<SongResponse>>($"/songs?q={Uri.EscapeDataString(title)}", Api.Json))!
            .Any(s => s.Id == song.Id));
        found.Should().BeTrue("the library is read again after the connection came back");
    }

    [Fact]
    public void Several_instance_mode_refuses_to_start_with_a_generated_signing_key()
    {
        using var app = new GeneratedKeyApp(_redis.ConnectionString);

        var start = () => app.CreateClient();

        start.Should().Throw<InvalidOperationException>().WithMessage("*Radio:Tokens:SigningKey*");
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _redis.Dispose();
        Engines.DeleteQuietly(_deployment.MediaDirectory);
    }

    private static async Task<bool> ReadyAsync(RadioApp app) =>
        (await app.CreateClient().GetReadyAsync(seconds: 20)).StatusCode == HttpStatusCode.OK;

    private static async Task<bool> WithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    private sealed class GeneratedKeyApp(string redis) : RadioApp
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = redis,
        };
    }
}
