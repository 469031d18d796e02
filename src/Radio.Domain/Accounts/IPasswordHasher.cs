namespace Radio.Domain.Accounts;

/// <summary>Salted, slow password hashing.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    bool Verify(string hash, string password);
}
