using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Radio.Bench.Stats;

// Seeds ended sessions into a fresh SQLite file, starts the real server on it and measures GET /admin/stats over
// real HTTP: the whole seeded range by day and by hour, as JSON and as CSV.
var options = BenchOptions.Parse(args);
Directory.CreateDirectory(options.DataDirectory);
if (File.Exists(options.DatabasePath))
{
    throw new InvalidOperationException($"{options.DatabasePath} exists: the benchmark seeds a fresh file (pass another --data).");
}

await Seeder.SeedAsync(options);
Console.WriteLine($"Database: {new FileInfo(options.DatabasePath).Length / (1024 * 1024)} MB at {options.DatabasePath}");

using var server = await BenchServer.StartAsync(options);
using var http = new HttpClient { BaseAddress = server.Address };
var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
var login = await http.PostAsJsonAsync("/auth/login", new { username = BenchServer.AdminUsername, password = BenchServer.AdminPassword }, json);
login.EnsureSuccessStatusCode();
var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

var range = string.Create(CultureInfo.InvariantCulture, $"from={options.Start:yyyy-MM-dd'T'HH:mm:ss'Z'}&to={options.End:yyyy-MM-dd'T'HH:mm:ss'Z'}");
Console.WriteLine();
Console.WriteLine($"| request ({options.Sessions:N0} sessions, {options.Days} days) | requests | intervals | p50 ms | p99 ms | max ms |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (interval, accept) in new[] { ("day", "application/json"), ("hour", "application/json"), ("day", "text/csv"), ("hour", "text/csv") })
{
    var uri = new Uri($"/admin/stats?interval={interval}&{range}", UriKind.Relative);
    var intervals = 0;
    for (var i = 0; i < options.Warmup; i++)
    {
        intervals = await GetAsync(uri, accept);
    }

    var latencies = new double[options.Requests];
    for (var i = 0; i < latencies.Length; i++)
    {
        var started = Stopwatch.GetTimestamp();
        intervals = await GetAsync(uri, accept);
        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    Array.Sort(latencies);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| GET /admin/stats?interval={interval} ({accept}) | {latencies.Length} | {intervals} | {Percentile(latencies, 50):F1} | {Percentile(latencies, 99):F1} | {latencies[^1]:F1} |"));
}

return;

async Task<int> GetAsync(Uri uri, string accept)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, uri);
    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    var body = await response.Content.ReadAsStringAsync();
    return accept == "text/csv"
        ? body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1
        : JsonDocument.Parse(body).RootElement.GetArrayLength();
}

static double Percentile(double[] sorted, int percent) =>
    sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
