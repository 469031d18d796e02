namespace Radio.Domain.Accounts;

/// <summary>What a signed-in account may do. Anonymous listeners have no account and so no stored role.</summary>
public enum Role
{
    User = 0,
    Artist = 1,
    Admin = 2,
}

/// <summary>The role names of the contract, as tokens carry them.</summary>
public static class RoleNames
{
    public const string Anonymous = "anonymous";
    public const string User = "user";
    public const string Artist = "artist";
    public const string Admin = "admin";

    public static string Of(Role role) => role switch
    {
        Role.Admin => Admin,
        Role.Artist => Artist,
        _ => User,
    };
}
