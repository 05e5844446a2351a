namespace BuildFarm.Web.Security;

/// <summary>
/// The first admin's API token, kept in the data folder so whoever started the farm can script it at once. It is an
/// ordinary personal token (its hash is stored with the others, and it can be revoked on the Settings page); a farm
/// from before sign-in existed keeps the token it already had.
/// </summary>
public sealed class AdminToken
{
    public const string FileName = "admin.token";

    AdminToken(string value, string path)
    {
        Value = value;
        Path = path;
    }

    public string Value { get; }
    public string Path { get; }

    public static AdminToken LoadOrCreate(string dataDir)
    {
        var path = System.IO.Path.Combine(dataDir, FileName);
        for (var attempt = 0; ; attempt++)
        {
            if (SecretFile.Read(path) is { } existing)
                return new AdminToken(existing, path);
            File.Delete(path);
            try
            {
                var created = ApiTokenSecret.New();
                SecretFile.CreateNew(path, created);
                return new AdminToken(created, path);
            }
            catch (IOException) when (attempt < 3 && File.Exists(path))
            {
                // Another process created it first: read theirs.
            }
        }
    }
}
