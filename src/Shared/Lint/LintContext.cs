namespace BuildFarm.Shared.Lint;

/// <summary>What the caller knows of the build context; the lint itself reads no files.</summary>
/// <param name="HasDockerIgnore">Whether the context has a <c>.dockerignore</c> (or the Dockerfile its own
/// <c>&lt;Dockerfile&gt;.dockerignore</c>).</param>
/// <param name="SizeBytes">The total size of the context's files, when known.</param>
/// <param name="FileCount">How many files the context holds, when known.</param>
public sealed record LintContext(bool HasDockerIgnore, long? SizeBytes = null, int? FileCount = null)
{
    /// <summary>From this size on a context without a <c>.dockerignore</c> is reported (10 MiB): smaller ones
    /// cost little to send, and their churn is the source's own.</summary>
    public const long LargeContextBytes = 10L * 1024 * 1024;
}
