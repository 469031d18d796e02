using Radio.Domain.Library;

namespace Radio.Domain.Accounts;

/// <summary>A registered account: a listener, an artist or an admin.</summary>
public sealed class User
{
    public const int MinUsernameLength = 3;
    public const int MaxUsernameLength = 32;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    private User(string username, Role role, DateTimeOffset createdAt)
    {
        Username = username;
        NormalizedUsername = Normalize(username);
        Role = role;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public string Username { get; private set; }

    /// <summary>The name upper-cased invariantly: usernames are unique ignoring case.</summary>
    public string NormalizedUsername { get; private set; }

    public string PasswordHash { get; private set; } = string.Empty;
    public Role Role { get; private set; }
    public int? ArtistId { get; private set; }
    public Artist? Artist { get; private set; }

    /// <summary>Lifetime seconds listened, as stored; only ever raised by an atomic increment.</summary>
    public long TotalListenTime { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static string Normalize(string username) => username.ToUpperInvariant();

    public static User CreateListener(string username, DateTimeOffset now) => Create(username, Role.User, now);

    public static User CreateAdmin(string username, DateTimeOffset now) => Create(username, Role.Admin, now);

    /// <summary>An artist account together with the artist profile it speaks for.</summary>
    public static User CreateArtist(string username, string artistName, DateTimeOffset now)
    {
        var user = Create(username, Role.Artist, now);
        user.Artist = Artist.Create(artistName, now);
        return user;
    }

    /// <summary>Whether the account may act for the artist (its albums, songs, statistics): an admin, or an artist account of it.</summary>
    public bool ActsFor(int artistId) => Role == Role.Admin || (Role == Role.Artist && ArtistId == artistId);

    public void SetPasswordHash(string hash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hash);
        PasswordHash = hash;
    }

    private static User Create(string username, Role role, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ArgumentOutOfRangeException.ThrowIfLessThan(username.Length, MinUsernameLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(username.Length, MaxUsernameLength);
        return new User(username, role, now);
    }
}
