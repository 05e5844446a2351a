using System.Security.Cryptography;
using System.Text;

namespace BuildFarm.Web.Security;

/// <summary>
/// Making and checking personal API tokens. A token is 32 random bytes, so one unsalted SHA-256 keeps it from being
/// read back out of the database (there is no dictionary to try against it, as there is for a password), and lets a
/// request find its token by an index instead of trying each stored hash.
/// </summary>
public static class ApiTokenSecret
{
    const int TokenBytes = 32;
    /// <summary>Marks a string as a farm API token, so one pasted into a chat or a log can be recognised and revoked.</summary>
    public const string Prefix = "bfp_";

    public static string New() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
