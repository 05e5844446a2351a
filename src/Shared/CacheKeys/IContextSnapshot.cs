namespace BuildFarm.Shared.CacheKeys;

/// <summary>
/// The files of a build context after <c>.dockerignore</c>, as BuildKit will receive them. The scheduler reads one
/// from <c>git ls-tree -r</c> at the build's commit; <c>farmctl plan</c> builds one from a folder on disk.
/// </summary>
public interface IContextSnapshot
{
    /// <summary>The files sent, ordered by path (ordinal), each path once.</summary>
    IReadOnlyList<ContextFile> Files { get; }
}
