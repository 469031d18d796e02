using Radio.Infrastructure.Accounts;
using Radio.Infrastructure.Listening;

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

    public MediaOptions Media { get; set; } = new();

    public Statistics.StatisticsOptions Statistics { get; set; } = new();
}

public sealed class MediaOptions
{
    /// <summary>Where audio and images live: <c>media</c> in the data directory unless set (a volume shared by all instances).</summary>
    public string? Directory { get; set; }
}

public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (the embedded default), <c>SqlServer</c> or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    public bool MigrateOnStartup { get; set; } = true;
}
