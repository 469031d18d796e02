namespace Radio.Infrastructure;

/// <summary>The <c>Radio</c> configuration section, as far as the infrastructure reads it.</summary>
public sealed class RadioOptions
{
    public const string Section = "Radio";

    /// <summary>Where the SQLite file, media files and the generated signing key live.</summary>
    public string DataDirectory { get; set; } = "./data";

    public DatabaseOptions Database { get; set; } = new();

    public AdminOptions Admin { get; set; } = new();

    public TokenOptions Tokens { get; set; } = new();

    public ListeningOptions Listening { get; set; } = new();
}

public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (the embedded default) or <c>SqlServer</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    public bool MigrateOnStartup { get; set; } = true;
}

public sealed class AdminOptions
{
    public string? Username { get; set; }

    public string? Password { get; set; }
}

public sealed class TokenOptions
{
    /// <summary>A secret of at least 32 bytes; when unset, one is generated once and kept in the data directory.</summary>
    public string? SigningKey { get; set; }

    public double LifetimeHours { get; set; } = 24 * 7;

    public double AnonymousLifetimeHours { get; set; } = 24 * 30;
}

public sealed class ListeningOptions
{
    /// <summary>Credit is written once this many whole seconds have gathered for a user.</summary>
    public int FlushThresholdSeconds { get; set; } = 30;

    /// <summary>A session ends after this long without a heartbeat; a reconnect inside it continues the session.</summary>
    public int SessionTimeoutSeconds { get; set; } = 60;

    /// <summary>How often pending credit is checked and written.</summary>
    public double FlushIntervalSeconds { get; set; } = 1;

    /// <summary>How long an anonymous listener's total is kept after their last heartbeat.</summary>
    public double AnonymousRetentionHours { get; set; } = 24;

    public TimeSpan SessionTimeout => TimeSpan.FromSeconds(SessionTimeoutSeconds);
}
