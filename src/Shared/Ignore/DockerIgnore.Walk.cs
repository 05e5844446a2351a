namespace BuildFarm.Shared.Ignore;

public sealed partial class DockerIgnore
{
    private readonly record struct WalkResult(bool Excluded, bool Skipped);

    // Replays BuildKit's context walk down to the path: each directory level is matched with its parent's
    // per-pattern results, and the walk stops early where fsutil would return SkipDir.
    private WalkResult Walk(string relativePath)
    {
        var path = SlashPath.Clean(relativePath).TrimStart('/');
        if (path is "." or "" || _patterns.Count == 0)
        {
            return new WalkResult(false, false);
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
                return new WalkResult(true, true);
            }
        }

        return new WalkResult(excluded, false);
    }

    // patternmatcher.MatchesUsingParentResults. A pattern the parent matched counts as matched here without
    // being tried again; without parent results (top level) a pattern may also match any parent directory.
    // A pattern skipped because it could not change the outcome records "not matched" for the children.
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
}
