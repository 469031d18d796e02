using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Statistics;
using Radio.Infrastructure.Persistence;
using Radio.Infrastructure.Statistics;

namespace Radio.Bench.Stats;

/// <summary>
/// Writes ended sessions through the server's own <see cref="StatsWriter"/>, in the order they are given and in
/// batches as the server writes them: the rows a running station builds, at the writer's pace.
/// </summary>
internal static class WriterSeeder
{
    public static async Task SeedAsync(string databasePath, IReadOnlyList<EndedSession> sessions, int batch)
    {
        await using var services = new ServiceCollection()
            .AddScoped<RadioDbContext>(_ => BenchDatabase.Open(databasePath))
            .AddSingleton<StatsWriter>()
            .BuildServiceProvider();
        var writer = services.GetRequiredService<StatsWriter>();
        foreach (var chunk in sessions.Chunk(batch))
        {
            await writer.WriteAsync(chunk, CancellationToken.None);
        }
    }
}
