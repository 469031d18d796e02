using Microsoft.AspNetCore.Identity;
using Radio.Domain.Accounts;

namespace Radio.Infrastructure.Accounts;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher (salted, iterated, versioned format).</summary>
internal sealed class IdentityPasswordHasher : IPasswordHasher
{
    private readonly PasswordHasher<User> _hasher = new();

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public bool Verify(string hash, string password) =>
        _hasher.VerifyHashedPassword(null!, hash, password) != PasswordVerificationResult.Failed;
}
