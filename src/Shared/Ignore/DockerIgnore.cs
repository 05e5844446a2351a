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
public sealed partial class DockerIgnore
{
    // fsutil's patternChars on a '/'-separated platform: an exception holding one of these (after its trailing
    // "/**" or "/*" is dropped) might re-include something at any depth, so no excluded directory can be skipped.
    private const string GlobCharacters = @"*[]?^\";

    private readonly IReadOnlyList<IgnorePattern> _patterns;
    private readonly bool _hasExceptions;
    private readonly bool _exceptionsArePlainPrefixes;

    private DockerIgnore(IReadOnlyList<IgnorePattern> patterns)
    {
        _patterns = patterns;
        _hasExceptions = patterns.Any(p => p.IsException);
        _exceptionsArePlainPrefixes = !patterns.Any(p =>
            p.IsException && WithoutTrailingGlob(p.Text).IndexOfAny(GlobCharacters.ToCharArray()) >= 0);
    }

    /// <summary>A matcher that excludes nothing (no .dockerignore in the context).</summary>
    public static DockerIgnore Empty { get; } = new([]);

    /// <summary>The patterns in file order, cleaned, exceptions written with their leading '!'.</summary>
    public IReadOnlyList<string> Patterns => _patterns.Select(p => p.IsException ? "!" + p.Text : p.Text).ToList();

    /// <summary>Parses the text of a <c>.dockerignore</c> file.</summary>
    /// <param name="text">The file's content.</param>
    /// <returns>The matcher.</returns>
    /// <exception cref="FormatException">A line is not a valid pattern (for example "!" alone or an unclosed "[").
    /// Docker fails the build in that case too.</exception>
    public static DockerIgnore Parse(string text)
    {
        var patterns = new List<IgnorePattern>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].EndsWith('\r') ? lines[n][..^1] : lines[n];
            if (n == 0 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            var pattern = ReadLine(line);
            if (pattern is null)
            {
                continue;
            }

            try
            {
                patterns.Add(Compile(pattern));
            }
            catch (FormatException e)
            {
                throw new FormatException($".dockerignore line {n + 1}: {e.Message}", e);
            }
        }

        return new DockerIgnore(patterns);
    }

    /// <summary>
    /// True when BuildKit leaves the path out of the build context: the last pattern that matches it
    /// (or one of its parent directories) is not an exception, or a parent directory is skipped whole.
    /// </summary>
    /// <param name="relativePath">Path relative to the context root, '/'-separated ("./" and "/" prefixes are ignored).</param>
    /// <returns>Whether the path is excluded. The context root itself never is.</returns>
    public bool IsExcluded(string relativePath) => Walk(relativePath).Excluded;

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
    public bool CanSkipDirectory(string relativeDir) => Walk(relativeDir) is { Excluded: true, Skipped: true };

    // buildkit dockerignore.ReadAll: '#' only comments in column one, then trim, then path.Clean
    // the part after '!' and drop a leading '/' so "/a" and "a" mean the same.
    private static string? ReadLine(string line)
    {
        if (line.StartsWith('#'))
        {
            return null;
        }

        var pattern = line.Trim();
        if (pattern.Length == 0)
        {
            return null;
        }

        var exception = pattern[0] == '!';
        if (exception)
        {
            pattern = pattern[1..].Trim();
        }

        if (pattern.Length > 0)
        {
            pattern = SlashPath.Clean(pattern);
            if (pattern.Length > 1 && pattern[0] == '/')
            {
                pattern = pattern[1..];
            }
        }

        return exception ? "!" + pattern : pattern;
    }

    // patternmatcher.New cleans the whole line once more, '!' included, before splitting the '!' off.
    private static IgnorePattern Compile(string line)
    {
        var pattern = SlashPath.Clean(line.Trim());
        if (pattern[0] != '!')
        {
            return IgnorePattern.Compile(pattern, isException: false);
        }

        if (pattern.Length == 1)
        {
            throw new FormatException("illegal exclusion pattern: \"!\"");
        }

        return IgnorePattern.Compile(pattern[1..], isException: true);
    }

    private static string WithoutTrailingGlob(string pattern)
    {
        if (pattern.EndsWith("/**", StringComparison.Ordinal))
        {
            pattern = pattern[..^3];
        }

        return pattern.EndsWith("/*", StringComparison.Ordinal) ? pattern[..^2] : pattern;
    }
}
