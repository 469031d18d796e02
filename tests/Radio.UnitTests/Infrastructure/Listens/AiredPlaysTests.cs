using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Radio.Infrastructure;
using Radio.Infrastructure.Listens;
using Radio.Infrastructure.Persistence;

namespace Radio.UnitTests.Infrastructure.Listens;

public sealed class AiredPlaysTests
{
    [Fact]
    public async Task A_database_that_cannot_be_read_gives_no_plays_instead_of_failing_the_heartbeat()
    {
        var services = new ServiceCollection();
        services.AddDbContext<RadioDbContext, SqliteRadioDbContext>(o => o
            .UseSqlite($"Data Source={Path.Combine("/nonexistent", Guid.NewGuid().ToString("N"), "radio.db")}")
            .UseSnakeCaseNamingConvention());
        await using var provider = services.BuildServiceProvider();
        var aired = new AiredPlays(
            provider.GetRequiredService<IServiceScopeFactory>(), Options.Create(new RadioOptions()), NullLogger<AiredPlays>.Instance);

        var plays = await aired.NearAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);

        plays.Should().BeEmpty();
    }
}
