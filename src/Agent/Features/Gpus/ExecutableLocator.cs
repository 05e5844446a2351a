namespace BuildFarm.Agent.Features.Gpus;

/// <summary>Finds an executable the way a shell would, so "nvidia-smi" works wherever the driver installed it.</summary>
internal static class ExecutableLocator
{
    /// <summary>The full path of the executable, or null when there is none.</summary>
    /// <param name="nameOrPath">A bare name to look up on <paramref name="searchPath"/>, or a path containing '/'.</param>
    /// <param name="searchPath">The PATH value to search.</param>
    public static string? Find(string nameOrPath, string? searchPath)
    {
        if (nameOrPath.Contains('/') || Path.IsPathRooted(nameOrPath))
        {
            return File.Exists(nameOrPath) ? Path.GetFullPath(nameOrPath) : null;
        }

        var names = OperatingSystem.IsWindows() ? [nameOrPath, nameOrPath + ".exe"] : new[] { nameOrPath };
        foreach (var directory in (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate) && IsExecutable(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        return null;
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
