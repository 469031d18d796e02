using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Radio.Domain.Accounts;
using Radio.Infrastructure.Accounts;

namespace Radio.Infrastructure.Persistence;

/// <summary>Brings the database up to date and makes sure the configured admin exists.</summary>
public static partial class DatabaseStartup
{
    private const int MigrateAttempts = 5;

    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var options = provider.GetRequiredService<IOptions<RadioOptions>>().Value;
        var db = provider.GetRequiredService<RadioDbContext>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseStartup));

        if (options.Database.MigrateOnStartup)
        {
            await MigrateAsync(db, logger, cancellationToken);
            LogMigrated(logger, options.Database.Provider);
        }

        await EnsureAdminAsync(provider, options.Admin, logger, cancellationToken);
    }

    /// <summary>
    /// Applies the pending migrations. Instances started at once race on a new database: PostgreSQL's migration lock
    /// is held per migration's transaction, so an instance may apply a migration another has just applied and fail.
    /// Its transaction rolled back, so it tries again, and then finds the migration applied. The pause between attempts
    /// is the machine's seconds, not the app's clock: it waits for the database, and an app whose clock stands still (a
    /// test's, moved by the test once the app has started) waited for ever.
    /// </summary>
    private static async Task MigrateAsync(RadioDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
                return;
            }
            catch (DbException e) when (attempt < MigrateAttempts)
            {
                LogMigrationRaced(logger, attempt, e);
                await Task.Delay(TimeSpan.FromSeconds(attempt), TimeProvider.System, cancellationToken);
            }
        }
    }

    private static async Task EnsureAdminAsync(
        IServiceProvider provider, AdminOptions admin, ILogger logger, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(admin.Username) || string.IsNullOrEmpty(admin.Password))
        {
            return;
        }

        if (admin.Password.Length is < User.MinPasswordLength or > User.MaxPasswordLength)
        {
            throw new InvalidOperationException(
                $"Radio:Admin:Password must be {User.MinPasswordLength}–{User.MaxPasswordLength} characters.");
        }

        var accounts = provider.GetRequiredService<IUserAccounts>();
        if (await accounts.FindByUsernameAsync(admin.Username, cancellationToken) is { } existing)
        {
            // never promoted: whoever registered the name first would become admin. Start anyway, so a squatter
            // cannot keep the station off the air, and say loudly why there is no admin.
            if (existing.Role != Role.Admin)
            {
                LogAdminNameTaken(logger, admin.Username, existing.Role);
            }

            return;
        }

        var user = User.CreateAdmin(admin.Username, provider.GetRequiredService<TimeProvider>().GetUtcNow());
        user.SetPasswordHash(provider.GetRequiredService<IPasswordHasher>().Hash(admin.Password));
        if (await accounts.TryAddAsync(user, cancellationToken))
        {
            LogAdminCreated(logger, admin.Username);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migration attempt {Attempt} failed, as when another instance migrates at the same time; trying again")]
    private static partial void LogMigrationRaced(ILogger logger, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrated ({Provider})")]
    private static partial void LogMigrated(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Error, Message = "Radio:Admin:Username {Username} belongs to an account with role {Role}, so no admin was created: configure another admin name")]
    private static partial void LogAdminNameTaken(ILogger logger, string username, Role role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the admin account {Username}")]
    private static partial void LogAdminCreated(ILogger logger, string username);
}
