using System.Security.Cryptography;
using System.Text;

namespace BuildFarm.Web.Security;

/// <summary>The one secret the REST API accepts until users and roles exist. Kept in the data folder so it survives
/// restarts and so the person who started the farm (and only that user) can read it.</summary>
public sealed class AdminToken
{
    public const string FileName = "admin.token";
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    readonly byte[] hash;

    AdminToken(string value, string path)
    {
        Value = value;
        Path = path;
        hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    public string Value { get; }
    public string Path { get; }

    /// <summary>Hashing both sides first makes the comparison take the same time whatever the candidate's length.</summary>
    public bool Matches(string? candidate) =>
        candidate is not null &&
        CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(candidate)));

    public static AdminToken LoadOrCreate(string dataDir)
    {
        var path = System.IO.Path.Combine(dataDir, FileName);
        for (var attempt = 0; ; attempt++)
        {
            if (File.Exists(path))
            {
                var existing = File.ReadAllText(path).Trim();
                if (existing.Length > 0)
                {
                    Restrict(path);
                    return new AdminToken(existing, path);
                }
                File.Delete(path);
            }
            try
            {
                var created = Base64Url(RandomNumberGenerator.GetBytes(32));
                // CreateNew with the mode set at creation: the token is never readable by others, not even for a moment,
                // and two processes starting together cannot both write one.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                    options.UnixCreateMode = OwnerOnly;
                using (var writer = new StreamWriter(path, Encoding.ASCII, options))
                    writer.Write(created + "\n");
                Restrict(path);
                return new AdminToken(created, path);
            }
            catch (IOException) when (attempt < 3 && File.Exists(path))
            {
                // Another process created it first: read theirs.
            }
        }
    }

    static void Restrict(string path)
    {
        // The umask may have widened nothing, but an older file copied in with loose permissions is tightened here.
        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) != OwnerOnly)
            File.SetUnixFileMode(path, OwnerOnly);
    }

    static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
