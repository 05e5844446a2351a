namespace BuildFarm.Contracts;

/// <summary>What to build: a git source, where its Dockerfile is, and how BuildKit should treat it.</summary>
/// <param name="Repository">Git URL (https://, ssh://, git@host:path, or file:// where the farm allows local repositories).</param>
/// <param name="Ref">Branch, tag or commit to build.</param>
/// <param name="DockerfilePath">Dockerfile path relative to the context folder.</param>
/// <param name="ContextPath">Context folder relative to the repository root ("." for the root).</param>
/// <param name="Target">Target stage, or null for the last stage.</param>
/// <param name="BuildArgs">Build arguments passed to BuildKit.</param>
/// <param name="Tags">Image references to tag the result with.</param>
/// <param name="NoCache">Ignore the build cache.</param>
/// <param name="Pull">Always look for a newer base image.</param>
/// <param name="Check">A command to run in the new image before the build counts as succeeded.</param>
/// <param name="RequiredLabels">Labels the agent must carry, each with exactly this value (gpu=a100); null or empty
/// for any agent.</param>
/// <param name="Release">A release build: no cache, pulled bases, each base pinned to the digest its tag named at
/// submit; the build fails rather than use a base whose tag has moved since. Agents that predate it build it as a
/// plain no-cache, pulled build.</param>
/// <param name="Push">Push every tag to its registry once the build succeeds, signed in with the farm's stored
/// credential for that registry (anonymously where none is stored). Needs at least one tag. Agents that predate it
/// build without pushing.</param>
public record BuildSpec(
    string Repository,
    string Ref,
    string DockerfilePath,
    string ContextPath,
    string? Target,
    IReadOnlyDictionary<string, string> BuildArgs,
    IReadOnlyList<string> Tags,
    bool NoCache,
    bool Pull,
    BuildCheck? Check = null,
    IReadOnlyDictionary<string, string>? RequiredLabels = null,
    bool Release = false,
    bool Push = false);
