using System.Text;

namespace BuildFarm.Web.Security;

/// <summary>A secret kept in the data folder for the person who started the farm, and only that user, to read.</summary>
static class SecretFile
{
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The file's content, trimmed, tightening loose permissions on the way; null when absent or empty.</summary>
    public static string? Read(string path)
    {
        if (!File.Exists(path))
            return null;
        var text = File.ReadAllText(path).Trim();
        if (text.Length == 0)
            return null;
        Restrict(path);
        return text;
    }

    /// <summary>Writes a new file, or replaces one, readable by its owner only from the first byte.</summary>
    public static string Write(string dataDir, string name, string value)
    {
        var path = Path.Combine(dataDir, name);
        File.Delete(path);
        CreateNew(path, value);
        return path;
    }

    /// <summary>CreateNew with the mode set at creation: the secret is never readable by others, not even for a moment,
    /// and of two processes starting together only one writes it (the other gets an IOException).</summary>
    public static void CreateNew(string path, string value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnly;
        using (var writer = new StreamWriter(path, Encoding.ASCII, options))
            writer.Write(value + "\n");
        Restrict(path);
    }

    static void Restrict(string path)
    {
        // The umask may have widened nothing, but an older file copied in with loose permissions is tightened here.
        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) != OwnerOnly)
            File.SetUnixFileMode(path, OwnerOnly);
    }
}
