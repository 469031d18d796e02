using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Infrastructure.Listening;
using Radio.Infrastructure.Persistence;
using Radio.Infrastructure.Statistics;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Listening;
using Radio.Web.Accounts;
using Radio.Web.Statistics;

namespace Radio.IntegrationTests.Statistics;

/// <summary>A server on a test clock, with the steps that make listening sessions end and be written.</summary>
public sealed class StatsApp : ListeningApp
{
    private readonly IReadOnlyDictionary<string, string>? _settings;

    /// <summary>One public constructor, so xUnit can make it a class fixture.</summary>
    public StatsApp()
    {
    }

    /// <summary>A server with more settings on top of the statistics test defaults.</summary>
    internal StatsApp(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    /// <summary>Writes happen when a test asks (<see cref="EndSessionsAsync"/>), never on a tick of the moving clock.</summary>
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(_settings ?? new Dictionary<string, string>())
    {
        ["Radio:Statistics:WriteIntervalSeconds"] = "1000000",
    };

    /// <summary>The day the tests' servers start on.</summary>
    public static readonly DateTimeOffset Day = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Sets the clock to <paramref name="at"/> into <see cref="Day"/>, before the server starts: moved later, a jump of
    /// hours would fire every second-long timer of the running server once per second jumped.
    /// </summary>
    public DateTimeOffset StartAt(TimeSpan at)
    {
        Clock.SetUtcNow(Day + at);
        return Day + at;
    }

    /// <summary>A session of exactly <paramref name="seconds"/> (first to last heartbeat), a heartbeat every <paramref name="every"/> s.</summary>
    public async Task ListenAsync(HttpClient listener, int seconds, int every = 15)
    {
        var connect = Clock.GetUtcNow();
        var played = 0;
        await listener.HeartbeatAsync(connect, 0);
        while (played < seconds)
        {
            var step = Math.Min(every, seconds - played);
            Clock.Advance(TimeSpan.FromSeconds(step));
            played += step;
            await listener.HeartbeatAsync(connect, played);
        }
    }

    /// <summary>Lets a session timeout pass, ends the sessions as housekeeping does and writes them as a write tick does.</summary>
    public async Task EndSessionsAsync()
    {
        EndSessionsWithoutWriting();
        (await Recorder.TryWriteAsync(CancellationToken.None)).Should().BeTrue("the database is up");
    }

    /// <summary>Lets a session timeout pass and ends the sessions as housekeeping does; they wait for a write.</summary>
    public void EndSessionsWithoutWriting()
    {
        Clock.Advance(TimeSpan.FromSeconds(60));
        Services.GetRequiredService<InMemoryListeningSessions>().RemoveEnded(Clock.GetUtcNow());
    }

    internal SessionRecorder Recorder => Services.GetRequiredService<SessionRecorder>();

    /// <summary>Runs SQL on the database file, as an operator (or a failing disk) would.</summary>
    public void Execute(string sql)
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<RadioDbContext>().Database.ExecuteSqlRaw(sql);
    }

    internal IReadOnlyList<RecordedSession> RecordedSessions()
    {
        using var scope = Services.CreateScope();
        return [.. scope.ServiceProvider.GetRequiredService<RadioDbContext>().Set<RecordedSession>().OrderBy(s => s.Id)];
    }

    /// <summary>An admin signed in now (tokens are checked against the test clock).</summary>
    public async Task<HttpClient> AdminAsync() =>
        CreateClient((await CreateClient().LoginAsync(AdminUsername, AdminPassword)).Token);

    public async Task<HttpClient> UserAsync() => CreateClient((await CreateClient().RegisterAsync()).Token);

    public async Task<HttpClient> AnonymousTokenAsync()
    {
        var response = await CreateClient().PostAsync(new Uri("/auth/anonymous", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return CreateClient((await response.Content.ReadFromJsonAsync<AnonymousResponse>(Api.Json))!.Token);
    }
}

public static class StatsApi
{
    public static async Task<IReadOnlyList<StatsIntervalResponse>> StatsAsync(this HttpClient admin, string query)
    {
        var response = await admin.GetAsync(new Uri("/admin/stats" + query, UriKind.Relative));
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        return (await response.ReadAsync<IReadOnlyList<StatsIntervalResponse>>())!;
    }

    public static async Task<HttpResponseMessage> CsvAsync(this HttpClient admin, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/stats" + query);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        return await admin.SendAsync(request);
    }

    /// <summary>A range query for one UTC day (<c>from</c> its midnight, <c>to</c> the next).</summary>
    public static string Day(DateTimeOffset day, string interval) =>
        $"?interval={interval}&from={Stamp(day.UtcDateTime.Date)}&to={Stamp(day.UtcDateTime.Date.AddDays(1))}";

    public static string Stamp(DateTime utc) => Uri.EscapeDataString(utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
}
