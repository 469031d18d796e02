using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Radio.Bench;
using Radio.Bench.Library;

// Builds (or reuses) a synthetic library, starts the real server on it and measures searches over real HTTP.
var options = BenchOptions.Parse(args);
var builder = new LibraryBuilder(options);
await builder.EnsureBuiltAsync();
if (args.Contains("--index-only"))
{
    await IndexOnly.RunAsync(options, builder.RandomTitle);
    return;
}

var indexLine = "(no index log line)";
// a search answers only once the index has loaded
using var server = await BenchServer.StartAsync(options.DataDirectory, "/songs?q=zzzz&limit=1", output: line =>
{
    if (line.Contains("Search index", StringComparison.Ordinal))
    {
        indexLine = line;
    }
});
Console.WriteLine($"Server ready {server.ReadyAfter.TotalSeconds:F1} s after launch; {indexLine}");
Console.WriteLine($"Server memory after load: {server.MemoryReport()}");

using var http = new HttpClient { BaseAddress = server.Address };
var names = new Random(1);
var substrings = Enumerable.Range(0, 50).Select(_ => IndexOnly.ThreeLetters(builder.RandomTitle(), names)).ToArray();
var artists = await ArtistNamesAsync(http, names);
var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

var scenarios = new (string Name, Func<int, HttpRequestMessage> Request)[]
{
    ("GET /songs?q= (3-letter substring)", i => new HttpRequestMessage(HttpMethod.Get, $"/songs?q={Uri.EscapeDataString(substrings[i % substrings.Length])}")),
    ("GET /songs?q= (artist name)", i => new HttpRequestMessage(HttpMethod.Get, $"/songs?q={Uri.EscapeDataString(artists[i % artists.Length])}")),
    ("POST /tags/search (2 tags, limit 20)", i => Vibe(i, 2)),
    ("POST /tags/search (5 tags, limit 20)", i => Vibe(i, 5)),
};

Console.WriteLine();
Console.WriteLine($"| scenario | clients | requests | p50 ms | p90 ms | p99 ms | max ms | avg results |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var (name, request) in scenarios)
{
    foreach (var clients in options.Clients)
    {
        await RunAsync(http, request, clients, options.Warmup, quiet: true);
        var result = await RunAsync(http, request, clients, options.Requests, quiet: false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {clients} | {result.Latencies.Length} | {Percentile(result.Latencies, 50):F1} | {Percentile(result.Latencies, 90):F1} | {Percentile(result.Latencies, 99):F1} | {result.Latencies[^1]:F1} | {result.AverageResults:F0} |"));
    }
}

Console.WriteLine();
Console.WriteLine($"Server memory after the run: {server.MemoryReport()}");
return;

HttpRequestMessage Vibe(int i, int tags)
{
    var random = new Random(i);
    var chosen = LibraryBuilder.TagNames.OrderBy(_ => random.Next()).Take(tags)
        .Select(t => new { name = t, target_score = Math.Round(random.NextDouble(), 2) }).ToArray();
    return new HttpRequestMessage(HttpMethod.Post, "/tags/search?limit=20") { Content = JsonContent.Create(chosen, options: json) };
}

static async Task<string[]> ArtistNamesAsync(HttpClient http, Random random)
{
    // real names from the library: the artists of songs on random pages of the title listing
    var names = new List<string>();
    for (var i = 0; i < 50; i++)
    {
        var songs = await http.GetFromJsonAsync<JsonElement>($"/songs?limit=1&offset={random.Next(10_000)}");
        names.Add(songs[0].GetProperty("artist_names").GetString()!.Split(", ")[0]);
    }

    return [.. names];
}

static async Task<(double[] Latencies, double AverageResults)> RunAsync(
    HttpClient http, Func<int, HttpRequestMessage> request, int clients, int total, bool quiet)
{
    var latencies = new double[total];
    var results = new long[clients];
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < total)
        {
            using var message = request(i);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(message);
            var body = await response.Content.ReadAsByteArrayAsync();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{message.RequestUri} answered {(int)response.StatusCode}");
            }

            results[client] += quiet ? 0 : JsonDocument.Parse(body).RootElement.GetArrayLength();
        }
    }));
    Array.Sort(latencies);
    return (latencies, (double)results.Sum() / total);
}

static double Percentile(double[] sorted, int percentile) =>
    sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
