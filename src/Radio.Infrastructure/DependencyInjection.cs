using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Radio.Domain.Accounts;
using Radio.Domain.Favorites;
using Radio.Domain.Library;
using Radio.Domain.Listening;
using Radio.Domain.Listens;
using Radio.Infrastructure.Accounts;
using Radio.Infrastructure.Library;
using Radio.Infrastructure.Common;
using Radio.Infrastructure.Instances;
using Radio.Infrastructure.Favorites;
using Radio.Infrastructure.Listening;
using Radio.Infrastructure.Listens;
using Radio.Infrastructure.Persistence;
using Radio.Infrastructure.Relay;
using Radio.Infrastructure.Station;
using Radio.Infrastructure.Statistics;

namespace Radio.Infrastructure;

public static class DependencyInjection
{
    public const string ReadyTag = "ready";

    /// <summary>Registers the database for the configured provider, the stores, hashing, tokens and health checks.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RadioOptions.Section);
        services.AddOptions<RadioOptions>().Bind(section);
        var options = section.Get<RadioOptions>() ?? new RadioOptions();
        var dataDirectory = new DataDirectory(options.DataDirectory);
        services.AddSingleton(dataDirectory);

        services.AddMetrics();
        services.AddSingleton<RadioMetrics>();
        services.AddSingleton<DatabaseErrorCounter>();
        var connectionString = configuration.GetConnectionString("Radio");
        // a song's owned artists and tags load with it: one query per collection, not a cartesian join.
        // Contexts are pooled: the station's background services open one every second, and a request each, and
        // building a context's options and internal services anew each time was most of an idle server's garbage
        switch (options.Database.Provider.ToUpperInvariant())
        {
            case "SQLITE":
                connectionString ??= new SqliteConnectionStringBuilder
                {
                    DataSource = dataDirectory.Combine("radio.db"),
                    Pooling = true,
                }.ToString();
                services.AddDbContextPool<RadioDbContext, SqliteRadioDbContext>((sp, o) => o
                    .UseRadioDefaults(sp)
                    .UseSqlite(connectionString, sql => sql.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
                    .UseSnakeCaseNamingConvention());
                break;
            case "SQLSERVER":
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("ConnectionStrings:Radio is required with the SqlServer provider.");
                }

                services.AddDbContextPool<RadioDbContext, SqlServerRadioDbContext>((sp, o) => o
                    .UseRadioDefaults(sp)
                    .UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure().UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
                    .UseSnakeCaseNamingConvention());
                break;
            case "POSTGRESQL":
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("ConnectionStrings:Radio is required with the PostgreSql provider.");
                }

                services.AddDbContextPool<RadioDbContext, PostgreSqlRadioDbContext>((sp, o) => o
                    .UseRadioDefaults(sp)
                    .UseNpgsql(connectionString, sql => sql.EnableRetryOnFailure().UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
                    .UseSnakeCaseNamingConvention());
                break;
            default:
                throw new InvalidOperationException(
                    $"Radio:Database:Provider must be Sqlite, SqlServer or PostgreSql, not '{options.Database.Provider}'.");
        }

        services.AddSingleton<SigningKeys>();
        services.AddSingleton<IPasswordHasher, IdentityPasswordHasher>();
        services.AddSingleton<ITokenIssuer, JwtTokenIssuer>();
        services.AddScoped<IUserAccounts, UserAccounts>();
        services.AddScoped<ISongCatalog, SongCatalog>();
        services.AddScoped<IArtists, Artists>();
        services.AddScoped<IAlbums, Albums>();
        // opened (and swept of crashed uploads' drafts) at start-up; file times are the machine's wall clock, whatever clock the app is given
        services.AddSingleton(new MediaDirectory(dataDirectory, TimeProvider.System, options.Media.Directory));
        services.AddScoped<IMediaStore, FileMediaStore>(); // scoped: it discards the drafts of its request
        services.AddStatistics(); // before the listening: stopped after it, it writes the sessions a shutdown ends
        services.AddListening();
        services.AddStation(section.GetSection("Station"));
        services.AddSongRequests(section.GetSection("Requests"));
        services.AddScoped<IFavorites, FavoriteSongs>();
        services.AddScoped<IListenHistory, ListenHistory>();
        services.AddScoped<IPeriodTotals, PeriodTotals>();
        services.AddScoped<ILibraryTags, LibraryTags>();
        services.AddSingleton(sp => new Library.Search.SongSearchIndex(metrics: sp.GetRequiredService<RadioMetrics>()));
        services.AddSingleton<ISongSearchIndex>(sp => sp.GetRequiredService<Library.Search.SongSearchIndex>());
        services.AddSingleton<Library.Search.SongSearchIndexLoader>();
        services.AddSingleton<ISongSearchIndexLoader>(sp => sp.GetRequiredService<Library.Search.SongSearchIndexLoader>());
        services.AddHostedService(sp => sp.GetRequiredService<Library.Search.SongSearchIndexLoader>());

        services.AddHealthChecks()
            .AddDbContextCheck<RadioDbContext>("database", tags: [ReadyTag])
            .AddCheck<Library.Search.SearchIndexHealthCheck>("search-index", tags: [ReadyTag]);
        services.AddRedis(configuration, options);
        services.AddRelay(section.GetSection("Relay"));
        return services;
    }

    private static void AddListening(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<InMemoryListeningSessions>();
        services.AddSingleton<IListeningSessions>(sp => sp.GetRequiredService<InMemoryListeningSessions>());
        services.AddSingleton<StoredTotals>();
        services.AddSingleton<AnonymousListeners>();
        services.AddSingleton<IAnonymousKeySigner, AnonymousKeySigner>();
        services.AddSingleton<AiredPlays>();
        services.AddSingleton<InMemoryPlayCredits>();
        services.AddSingleton<IPlayCredits>(sp => sp.GetRequiredService<InMemoryPlayCredits>());
        services.AddSingleton<ListenerTotals>();
        services.AddSingleton<IListenerTotals>(sp => sp.GetRequiredService<ListenerTotals>());
        services.AddHostedService<ListeningHousekeeping>();
    }

    /// <summary>
    /// What every provider's context shares: the error counter, and EF's "failed executing DbCommand" event at debug
    /// level. That event carries no exception, so a duplicate key Radio expects (a lost race, handled where it happens)
    /// cannot be told from a real failure; every failure reaches the caller as an exception anyway, and EF's own
    /// failed-save and failed-query events, which carry it, stay errors (see <see cref="DatabaseErrors.IsLostRace"/>).
    /// </summary>
    private static DbContextOptionsBuilder UseRadioDefaults(this DbContextOptionsBuilder options, IServiceProvider services) => options
        .AddInterceptors(services.GetRequiredService<DatabaseErrorCounter>())
        .ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug)));
}
