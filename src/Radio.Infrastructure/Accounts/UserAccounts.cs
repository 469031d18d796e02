using Microsoft.EntityFrameworkCore;
using Radio.Domain.Accounts;
using Radio.Infrastructure.Persistence;

namespace Radio.Infrastructure.Accounts;

internal sealed class UserAccounts(RadioDbContext db) : IUserAccounts
{
    public Task<User?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        var normalized = User.Normalize(username);
        return db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUsername == normalized, cancellationToken);
    }

    public Task<User?> FindAsync(int id, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);

    public async Task<IReadOnlyList<User>> TopListenersAsync(int count, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => u.TotalListenTime > 0)
            .OrderByDescending(u => u.TotalListenTime).ThenBy(u => u.Id)
            .Take(count)
            .ToListAsync(cancellationToken);

    public async Task<bool> TryAddAsync(User user, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == user.NormalizedUsername, cancellationToken))
        {
            return false;
        }

        db.Users.Add(user);
        try
        {
            // one SaveChanges: the artist profile and its account are written together or not at all
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // a concurrent registration won the unique index between the check and the insert
            if (await db.Users.AnyAsync(u => u.NormalizedUsername == user.NormalizedUsername, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }
}
