using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Listening;
using Radio.Domain.Statistics;
using Radio.Infrastructure.Persistence;
using Radio.Infrastructure.Statistics;

namespace Radio.Bench.Stats;

/// <summary>
/// Fills a fresh SQLite file with ended sessions through the server's own <see cref="StatsWriter"/>, in the order
/// they end and in the batches the server writes, so the rollups are exactly those a running station builds.
/// </summary>
internal static class Seeder
{
    private const int Batch = 5_000;

    public static async Task SeedAsync(BenchOptions options)
    {
        var services = new ServiceCollection()
            .AddDbContext<RadioDbContext, SqliteRadioDbContext>(o => o
                .UseSqlite($"Data Source={options.DatabasePath}").UseSnakeCaseNamingConvention())
            .AddSingleton<StatsWriter>()
            .BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Database.MigrateAsync();
        }

        var writer = services.GetRequiredService<StatsWriter>();
        var random = new Random(42);
        var span = options.End - options.Start;
        var starts = new long[options.Sessions];
        for (var i = 0; i < starts.Length; i++)
        {
            starts[i] = (long)(random.NextDouble() * span.Ticks);
        }

        Array.Sort(starts);
        var watch = Stopwatch.StartNew();
        var batch = new List<EndedSession>(Batch);
        for (var i = 0; i < starts.Length; i++)
        {
            var start = options.Start.AddTicks(starts[i]);
            var length = Length(random);
            // a quarter of the sessions are anonymous listeners, the rest accounts
            var who = random.Next(options.Listeners);
            var listener = who % 4 == 0 ? ListenerId.ForAnonymous(new Guid(who, 0, 0, new byte[8])) : ListenerId.ForUser(who + 1);
            batch.Add(new EndedSession(listener, start, start + length, length.TotalSeconds * 0.97));
            if (batch.Count == Batch || i == starts.Length - 1)
            {
                await writer.WriteAsync(batch, CancellationToken.None);
                batch.Clear();
                if ((i + 1) % 100_000 < Batch)
                {
                    Console.WriteLine($"  seeded {i + 1:N0} sessions ({watch.Elapsed.TotalSeconds:F0} s)");
                }
            }
        }

        Console.WriteLine($"Seeded {starts.Length:N0} sessions over {span.TotalDays:F0} days, {options.Listeners:N0} listeners, in {watch.Elapsed.TotalSeconds:F0} s");
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    // most sessions are short, some last hours: every bucket gets sessions
    private static TimeSpan Length(Random random) =>
        TimeSpan.FromSeconds(Math.Min(6 * 3600, -Math.Log(1 - random.NextDouble()) * 900));
}
