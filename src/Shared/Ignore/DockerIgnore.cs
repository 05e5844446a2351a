namespace BuildFarm.Shared.Ignore;

/// <summary>
/// A parsed <c>.dockerignore</c> that decides what goes into a build context exactly as BuildKit does:
/// lines are read like buildkit's dockerignore.ReadAll, patterns are matched like moby/patternmatcher, and
/// parent-directory results flow down the walk like tonistiigi/fsutil's filter (MatchesUsingParentResults).
/// </summary>
/// <remarks>
/// Files and directories are matched alike: after path.Clean a trailing "/" is gone, so "foo/" also excludes
/// a file named foo. An excluded directory still belongs in the context when something inside it is
/// re-included, because BuildKit sends the parents of every path it keeps.
/// </remarks>
public sealed class DockerIgnore
{
    private readonly ContextWalk _walk;

    private DockerIgnore(IReadOnlyList<IgnorePattern> patterns) => _walk = new ContextWalk(patterns);

    /// <summary>A matcher that excludes nothing (no .dockerignore in the context).</summary>
    public static DockerIgnore Empty { get; } = new([]);

    /// <summary>The patterns in file order, cleaned, exceptions written with their leading '!'.</summary>
    public IReadOnlyList<string> Patterns => _walk.Patterns.Select(p => p.IsException ? "!" + p.Text : p.Text).ToList();

    /// <summary>Parses the text of a <c>.dockerignore</c> file.</summary>
    /// <param name="text">The file's content.</param>
    /// <returns>The matcher.</returns>
    /// <exception cref="FormatException">A line is not a valid pattern (for example "!" alone or an unclosed "[").
    /// Docker fails the build in that case too.</exception>
    public static DockerIgnore Parse(string text) => new(IgnoreFile.Read(text));

    /// <summary>
    /// True when BuildKit leaves the path out of the build context: the last pattern that matches it
    /// (or one of its parent directories) is not an exception, or a parent directory is skipped whole.
    /// </summary>
    /// <param name="relativePath">Path relative to the context root, '/'-separated ("./" and "/" prefixes are ignored).</param>
    /// <returns>Whether the path is excluded. The context root itself never is.</returns>
    public bool IsExcluded(string relativePath) => _walk.To(relativePath).Excluded;

    /// <summary>Same as <see cref="IsExcluded(string)"/>; Docker matches files and directories alike.</summary>
    /// <param name="relativePath">Path relative to the context root, '/'-separated.</param>
    /// <param name="isDirectory">Whether the path is a directory. Accepted for callers that walk a tree; it does not change the answer.</param>
    /// <returns>Whether the path is excluded.</returns>
    public bool IsExcluded(string relativePath, bool isDirectory) => IsExcluded(relativePath);

    /// <summary>
    /// True when a context walk need not enter the directory at all: it is excluded, and no exception
    /// could re-include anything inside it. Follows fsutil's rule: skipping is only allowed when every
    /// exception is a plain path (no glob characters before a trailing "/**" or "/*") and none lies under
    /// the directory.
    /// </summary>
    /// <param name="relativeDir">Directory relative to the context root, '/'-separated.</param>
    /// <returns>Whether everything under the directory is excluded and the walk may skip it.</returns>
    public bool CanSkipDirectory(string relativeDir) => _walk.To(relativeDir) is (true, true);
}
