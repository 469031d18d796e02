namespace Radio.Domain.Accounts;

/// <summary>The stored accounts.</summary>
public interface IUserAccounts
{
    Task<User?> FindByUsernameAsync(string username, CancellationToken cancellationToken);

    Task<User?> FindAsync(int id, CancellationToken cancellationToken);

    /// <summary>The accounts with the most stored listening time (none without any), ties by id.</summary>
    Task<IReadOnlyList<User>> TopListenersAsync(int count, CancellationToken cancellationToken);

    /// <summary>Stores a new account (and its artist profile). Returns false when the username is already taken.</summary>
    Task<bool> TryAddAsync(User user, CancellationToken cancellationToken);
}
