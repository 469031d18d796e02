using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Radio.Bench;
using Radio.Bench.Stats;
using Radio.Domain.Listening;
using Radio.Infrastructure.Listening;
using Radio.Infrastructure.Persistence;

// Seeds ended sessions and accounts' listening days into a fresh SQLite file, starts the real server on it and
// measures over real HTTP: GET /admin/stats over the seeded days by day and by hour (JSON and CSV), and the
// leaderboard of each period.
var options = BenchOptions.Parse(args);
Directory.CreateDirectory(options.DataDirectory);
if (options.Check > 0)
{
    await SeedCheck.RunAsync(options, options.Check);
}

await BenchDatabase.CreateAsync(options.DatabasePath);
var started = Stopwatch.GetTimestamp();
if (options.Sessions > 0)
{
    var sessions = SessionSource.Generate(options.Sessions, options.Listeners, options.Start, options.End, seed: 42);
    if (options.ThroughWriter)
    {
        await WriterSeeder.SeedAsync(options.DatabasePath, sessions, batch: 5_000);
    }
    else
    {
        await BulkSeeder.SeedAsync(options.DatabasePath, sessions);
    }

    Console.WriteLine($"Seeded {options.Sessions:N0} sessions over {options.Days} days, {options.Listeners:N0} listeners, " +
        $"{(options.ThroughWriter ? "through StatsWriter" : "in bulk")}, in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
}

// the server ranks the periods by its own clock; should the day turn during the run, the last day's rows are empty
var clock = TimeProvider.System;
var today = LeaderboardPeriods.DayOf(clock.GetUtcNow());
if (options.Users > 0)
{
    started = Stopwatch.GetTimestamp();
    var rows = await LeaderboardSeeder.SeedAsync(options.DatabasePath, options.Users, today);
    Console.WriteLine($"Seeded {options.Users:N0} accounts with {rows:N0} day, week and month rows over the last {LeaderboardSeeder.HistoryDays} days " +
        $"in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
}

Console.WriteLine($"Database: {new FileInfo(options.DatabasePath).Length / (1024 * 1024)} MB at {options.DatabasePath}");

using var server = await BenchServer.StartAsync(options.DataDirectory, "/health/ready", new Dictionary<string, string>
{
    ["Radio__Admin__Username"] = "bench-admin",
    ["Radio__Admin__Password"] = "bench-admin-password",
});
using var http = new HttpClient { BaseAddress = server.Address };
var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
Console.WriteLine();
Latency.PrintHeader();

if (options.Sessions > 0)
{
    var login = await http.PostAsJsonAsync("/auth/login", new { username = "bench-admin", password = "bench-admin-password" }, json);
    login.EnsureSuccessStatusCode();
    var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
    var range = string.Create(CultureInfo.InvariantCulture, $"from={options.Start:yyyy-MM-dd'T'HH:mm:ss'Z'}&to={options.End:yyyy-MM-dd'T'HH:mm:ss'Z'}");
    var data = $"{options.Sessions:N0} sessions, {options.Days} days";
    foreach (var (interval, accept) in new[] { ("day", "application/json"), ("hour", "application/json"), ("day", "text/csv"), ("hour", "text/csv") })
    {
        await Latency.MeasureAsync($"GET /admin/stats?interval={interval} ({accept})", data, options, async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/stats?interval={interval}&{range}");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsStringAsync();
            var intervals = accept == "text/csv"
                ? body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1
                : JsonDocument.Parse(body).RootElement.GetArrayLength();
            return $"{intervals} {interval}s";
        });
    }
}

if (options.Users > 0)
{
    await using var db = BenchDatabase.Open(options.DatabasePath);
    foreach (var period in new[] { LeaderboardPeriod.All, LeaderboardPeriod.Month, LeaderboardPeriod.Week, LeaderboardPeriod.Day })
    {
        var data = $"{options.Users:N0} users";
        if (period != LeaderboardPeriod.All)
        {
            var first = period.FirstDay(clock.GetUtcNow());
            var rows = await db.Set<ListeningPeriodTotal>().CountAsync(p => p.Period == period && p.Start == first);
            var days = today.DayNumber - first.DayNumber + 1;
            data += $", {days} day{(days == 1 ? "" : "s")} so far: {rows:N0} accounts";
        }

        var name = period.ToString().ToLowerInvariant();
        await Latency.MeasureAsync($"GET /users/leaderboard?period={name}&limit=10", data, options, async () =>
        {
            var board = await http.GetFromJsonAsync<JsonElement>($"/users/leaderboard?period={name}&limit=10");
            return $"{board.GetArrayLength()} users";
        });
    }

    // today's week and month may have begun a day ago: the query the endpoint runs, in process, over the last whole ones
    var totals = new PeriodTotals(db);
    foreach (var period in new[] { LeaderboardPeriod.Week, LeaderboardPeriod.Month })
    {
        var first = period.FirstDay(period.FirstDay(today).AddDays(-1));
        var rows = await db.Set<ListeningPeriodTotal>().CountAsync(p => p.Period == period && p.Start == first);
        await Latency.MeasureAsync($"its query for the whole {period.ToString().ToLowerInvariant()} from {first:yyyy-MM-dd}, in process",
            $"{options.Users:N0} users: {rows:N0} accounts in it", options,
            async () => $"{(await totals.TopAsync(period, first, 10, CancellationToken.None)).Count} users");
    }
}
