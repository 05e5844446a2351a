using System.Text.RegularExpressions;

namespace BuildFarm.Shared.Lint.Commands;

/// <summary>
/// Which git refs stay put. A commit does; a release tag (v1.2.3, 2.1.0-rc1) is accepted too, because tags are
/// published not to move and most ML Dockerfiles pin that way; a branch, or no ref at all, moves.
/// </summary>
internal static partial class GitRefs
{
    /// <summary>Whether the ref names one tree for good; refs holding a variable are given the benefit of the doubt.</summary>
    public static bool IsFixed(string gitRef)
    {
        var name = gitRef.StartsWith("tags/") ? gitRef[5..] : gitRef.StartsWith("refs/tags/") ? gitRef[10..] : gitRef;
        return name.Contains('$') || Commit().IsMatch(name) || ReleaseTag().IsMatch(name);
    }

    /// <summary>A URL that names a branch's archive or raw file (GitHub's and GitLab's URL shapes).</summary>
    public static bool IsBranchUrl(string url) => BranchUrl().IsMatch(url);

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$")]
    private static partial Regex Commit();

    [GeneratedRegex(@"^(v|release-|rel-)?\d+(\.\d+)+([-+._]?[0-9A-Za-z.]*)?$")]
    private static partial Regex ReleaseTag();

    [GeneratedRegex(@"/refs/heads/|/archive/(main|master|develop)\.|/-/archive/(main|master)/|raw\.githubusercontent\.com/[^/]+/[^/]+/(main|master|develop|HEAD)/", RegexOptions.IgnoreCase)]
    private static partial Regex BranchUrl();
}
