namespace BuildFarm.Shared.Ignore;

/// <summary>
/// Replays BuildKit's context walk down to a path over compiled .dockerignore patterns: each directory level is
/// matched with its parent's per-pattern results (patternmatcher.MatchesUsingParentResults), and the walk stops
/// early where tonistiigi/fsutil's filter would return SkipDir.
/// </summary>
internal sealed class ContextWalk
{
    // fsutil's patternChars on a '/'-separated platform: an exception holding one of these (after its trailing
    // "/**" or "/*" is dropped) might re-include something at any depth, so no excluded directory can be skipped.
    private const string GlobCharacters = @"*[]?^\";

    private readonly IReadOnlyList<IgnorePattern> _patterns;
    private readonly bool _hasExceptions;
    private readonly bool _exceptionsArePlainPrefixes;

    public ContextWalk(IReadOnlyList<IgnorePattern> patterns)
    {
        _patterns = patterns;
        _hasExceptions = patterns.Any(p => p.IsException);
        _exceptionsArePlainPrefixes = !patterns.Any(p =>
            p.IsException && WithoutTrailingGlob(p.Text).IndexOfAny(GlobCharacters.ToCharArray()) >= 0);
    }

    public IReadOnlyList<IgnorePattern> Patterns => _patterns;

    /// <param name="relativePath">Path relative to the context root, '/'-separated.</param>
    /// <returns>Whether the path is excluded, and whether the walk skipped a directory above it (or it) whole.</returns>
    public (bool Excluded, bool Skipped) To(string relativePath)
    {
        var path = SlashPath.Clean(relativePath).TrimStart('/');
        if (path is "." or "" || _patterns.Count == 0)
        {
            return (false, false);
        }

        var segments = path.Split('/');
        bool[]? parentMatches = null;
        var excluded = false;
        for (var depth = 1; depth <= segments.Length; depth++)
        {
            var prefix = string.Join('/', segments, 0, depth);
            (excluded, parentMatches) = Match(prefix, parentMatches);
            if (excluded && CanSkip(prefix))
            {
                return (true, true);
            }
        }

        return (excluded, false);
    }

    // A pattern the parent matched counts as matched here without being tried again; without parent results
    // (top level) a pattern may also match any parent directory. A pattern skipped because it could not change
    // the outcome records "not matched" for the children.
    private (bool Excluded, bool[] Matches) Match(string path, bool[]? parentMatches)
    {
        var matches = new bool[_patterns.Count];
        var excluded = false;
        for (var i = 0; i < _patterns.Count; i++)
        {
            var pattern = _patterns[i];
            var match = parentMatches is not null && parentMatches[i];
            if (!match)
            {
                // An exclusion cannot change an excluded path, nor an exception a kept one.
                if (pattern.IsException != excluded)
                {
                    continue;
                }

                match = pattern.Matches(path) || (parentMatches is null && MatchesAParent(pattern, path));
            }

            matches[i] = match;
            if (match)
            {
                excluded = !pattern.IsException;
            }
        }

        return (excluded, matches);
    }

    private static bool MatchesAParent(IgnorePattern pattern, string path)
    {
        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (pattern.Matches(path[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    // fsutil filter.go: an excluded directory is skipped only when exceptions are plain prefixes and none
    // of them names something at or below the directory.
    private bool CanSkip(string directory)
    {
        if (!_hasExceptions)
        {
            return true;
        }

        if (!_exceptionsArePlainPrefixes)
        {
            return false;
        }

        var directorySlash = directory + "/";
        return !_patterns.Any(p => p.IsException && (WithoutTrailingGlob(p.Text) + "/").StartsWith(directorySlash, StringComparison.Ordinal));
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
