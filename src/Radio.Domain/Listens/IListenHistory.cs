namespace Radio.Domain.Listens;

/// <summary>The stored listens of each account.</summary>
public interface IListenHistory
{
    /// <summary>The account's listens, newest play first.</summary>
    Task<IReadOnlyList<Listen>> PageAsync(int userId, int offset, int limit, CancellationToken cancellationToken);
}
