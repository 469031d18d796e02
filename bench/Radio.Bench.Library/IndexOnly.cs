using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Radio.Domain.Library;
using Radio.Infrastructure;
using Radio.Infrastructure.Library.Search;

namespace Radio.Bench.Library;

/// <summary><c>--index-only</c>: the index in this process, without HTTP or the database round trip for the page.</summary>
internal static class IndexOnly
{
    public static async Task RunAsync(BenchOptions options, Func<string> randomTitle)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Radio:DataDirectory"] = options.DataDirectory })
            .Build();
        await using var provider = new ServiceCollection()
            .AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug).AddFilter("Microsoft", LogLevel.Warning))
            .AddSingleton(TimeProvider.System).AddInfrastructure(configuration).BuildServiceProvider();
        var index = provider.GetRequiredService<SongSearchIndex>();
        var loader = provider.GetRequiredService<SongSearchIndexLoader>();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        await loader.LoadAsync(CancellationToken.None);
        var loaded = Stopwatch.GetElapsedTime(started);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Loaded {index.Count:N0} songs in {loaded.TotalMilliseconds:F0} ms; managed heap +{(after - before) / (1024 * 1024)} MB, arrays {index.ApproximateBytes / (1024 * 1024)} MB"));

        var random = new Random(3);
        var substrings = Enumerable.Range(0, 200).Select(_ => ThreeLetters(randomTitle(), random)).ToArray();
        Measure("Search, 3-letter substring", i => index.Search(substrings[i % substrings.Length], 50, 0).Count, options);
        Measure("Search, absent substring (the bare scan)", _ => index.Search("qxq", 50, 0).Count, options);
        Measure("Search, no query (by title)", i => index.Search(null, 50, i * 10).Count, options);
        Measure("MatchVibe, 2 tags", i => index.MatchVibe(Targets(i, 2), 20).Count, options);
        Measure("MatchVibe, 5 tags", i => index.MatchVibe(Targets(i, 5), 20).Count, options);
    }

    internal static string ThreeLetters(string title, Random random)
    {
        var letters = new string([.. title.Where(char.IsLetter)]);
        return letters.Length < 3 ? "lov" : letters.Substring(random.Next(letters.Length - 2), 3);
    }

    private static TagTarget[] Targets(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(1, LibraryBuilder.TagNames.Length).OrderBy(_ => random.Next()).Take(count)
            .Select(id => new TagTarget(id, Math.Round(random.NextDouble(), 2)))];
    }

    private static void Measure(string name, Func<int, int> run, BenchOptions options)
    {
        for (var i = 0; i < options.Warmup; i++)
        {
            run(i);
        }

        var times = new double[options.Requests];
        for (var i = 0; i < times.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            run(i);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: p50 {times[times.Length / 2]:F2} ms, p99 {times[(int)(times.Length * 0.99)]:F2} ms, max {times[^1]:F2} ms"));
    }
}
