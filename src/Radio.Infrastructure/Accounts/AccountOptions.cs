namespace Radio.Infrastructure.Accounts;

/// <summary>The <c>Radio:Admin</c> section: the admin created at start-up if missing.</summary>
public sealed class AdminOptions
{
    public string? Username { get; set; }

    public string? Password { get; set; }
}

/// <summary>The <c>Radio:Tokens</c> section.</summary>
public sealed class TokenOptions
{
    /// <summary>A secret of at least 32 bytes; when unset, one is generated once and kept in the data directory.</summary>
    public string? SigningKey { get; set; }

    public double LifetimeHours { get; set; } = 24 * 7;

    public double AnonymousLifetimeHours { get; set; } = 24 * 30;
}
