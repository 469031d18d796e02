namespace Radio.Web.Accounts;

/// <summary>Register a listener, or an artist when <c>artist_name</c> is given.</summary>
public sealed record RegisterRequest(string? Username, string? Password, string? ArtistName);

public sealed record LoginRequest(string? Username, string? Password);

/// <summary>A User object of the contract.</summary>
public sealed record UserResponse(int Id, string Username, string Role, long TotalListenTime, int? ArtistId);

public sealed record AuthResponse(string Token, DateTimeOffset ExpiresAt, UserResponse User);

public sealed record AnonymousResponse(string Token, DateTimeOffset ExpiresAt, string Username);
