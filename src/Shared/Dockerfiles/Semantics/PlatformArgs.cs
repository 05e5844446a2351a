namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// The ARGs BuildKit defines in the global scope without any declaration (dockerfile2llb getPlatformArgs;
/// docs "Automatic platform ARGs in the global scope"): usable in FROM lines, and in a stage after <c>ARG NAME</c>.
/// </summary>
internal static class PlatformArgs
{
    /// <summary>The farm builds on and for linux/amd64 unless the caller says otherwise.</summary>
    public const string DefaultPlatform = "linux/amd64";

    /// <summary>
    /// The eight platform args. A caller's build arg overrides each one (setKVValue), and a given TARGETPLATFORM
    /// or BUILDPLATFORM also sets its OS/ARCH/VARIANT parts unless those are given too, as <c>--platform</c> would.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> For(IReadOnlyDictionary<string, string> buildArgs)
    {
        foreach (var prefix in new[] { "BUILD", "TARGET" })
        {
            var platform = buildArgs.GetValueOrDefault(prefix + "PLATFORM") ?? DefaultPlatform;
            var parts = platform.Split('/');
            yield return new(prefix + "PLATFORM", platform);
            yield return new(prefix + "OS", buildArgs.GetValueOrDefault(prefix + "OS") ?? parts[0]);
            yield return new(prefix + "ARCH", buildArgs.GetValueOrDefault(prefix + "ARCH") ?? (parts.Length > 1 ? parts[1] : ""));
            yield return new(prefix + "VARIANT", buildArgs.GetValueOrDefault(prefix + "VARIANT") ?? (parts.Length > 2 ? parts[2] : ""));
        }
    }
}
