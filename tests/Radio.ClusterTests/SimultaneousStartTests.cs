using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Radio.Infrastructure;
using Radio.Infrastructure.Persistence;
using Radio.TestData.Engines;

namespace Radio.ClusterTests;

/// <summary>
/// README, Several instances: an orchestrator starts every instance at once, so their start-up migrations of one new
/// PostgreSQL database race; every instance must still start, and the database end up migrated once.
/// </summary>
public sealed class SimultaneousStartTests
{
    [Fact]
    public async Task Instances_migrating_one_new_PostgreSQL_database_at_the_same_time_all_start()
    {
        for (var round = 0; round < 2; round++)
        {
            var database = PostgresServer.Instance.NewDatabase();
            var directory = Engines.PrivateDirectory("simultaneous");
            var instances = Enumerable.Range(0, 4).Select(_ => Instance(database, directory)).ToList();
            try
            {
                var start = () => Task.WhenAll(instances.Select(i => i.InitializeDatabaseAsync()));

                await start.Should().NotThrowAsync("the instances starting later find the migrations applied");
            }
            finally
            {
                foreach (var instance in instances)
                {
                    await instance.DisposeAsync();
                }

                Engines.DeleteQuietly(directory);
            }
        }
    }

    private static ServiceProvider Instance(string database, string directory)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Radio:DataDirectory"] = directory,
            ["Radio:Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Radio"] = database,
            ["Radio:Tokens:SigningKey"] = ClusterSettings.SigningKey,
            ["Radio:Admin:Username"] = "admin",
            ["Radio:Admin:Password"] = "admin-password",
        }).Build();
        return new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddSingleton<IConfiguration>(configuration).AddInfrastructure(configuration).BuildServiceProvider();
    }
}
