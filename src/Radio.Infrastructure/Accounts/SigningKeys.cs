using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Radio.Infrastructure.Common;

namespace Radio.Infrastructure.Accounts;

/// <summary>
/// The key that signs and checks bearer tokens: from configuration, or generated once and kept in the
/// data directory so tokens survive a restart.
/// </summary>
public sealed class SigningKeys
{
    public const string Issuer = "radio";
    public const string Audience = "radio";
    private const string KeyFileName = "signing-key";

    public SigningKeys(IOptions<RadioOptions> options, DataDirectory dataDirectory)
    {
        var configured = options.Value.Tokens.SigningKey;
        var bytes = string.IsNullOrEmpty(configured)
            ? LoadOrCreate(dataDirectory.Combine(KeyFileName))
            : Encoding.UTF8.GetBytes(configured);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Radio:Tokens:SigningKey must be at least 32 bytes long.");
        }

        Key = new SymmetricSecurityKey(bytes);
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var key = RandomNumberGenerator.GetBytes(64);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        WriteOwnerOnly(temporary, Convert.ToBase64String(key));

        try
        {
            // no overwrite: when two instances race, the first key written wins and both use it
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }

        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }

    /// <summary>Creates the file readable by its owner only from the start: no moment exists when others may read the key.</summary>
    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, Encoding.ASCII, options);
        writer.Write(text);
    }
}
