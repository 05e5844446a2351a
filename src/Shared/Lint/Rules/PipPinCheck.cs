using BuildFarm.Shared.Lint.Commands;

namespace BuildFarm.Shared.Lint.Rules;

/// <summary>
/// pip-unpinned: requirements on a pip command line without an exact version. Whichever build misses the cache
/// resolves the newest release on the index at that moment, so builds of one commit differ, and an upstream
/// release can break the image without any change in the repository. Requirement files are not read (the
/// manifest rules see them); paths, URLs, wheels and specs built from variables are not judged here.
/// </summary>
internal sealed class PipPinCheck : ILintCheck
{
    public IEnumerable<LintFinding> Check(LintInput input)
    {
        foreach (var run in input.Runs)
        {
            foreach (var command in input.Script(run).Commands)
            {
                if (command.Pip is not { IsInstall: true } pip)
                {
                    continue;
                }

                // -e installs are paths or VCS URLs, which moving-remote judges.
                var unpinned = pip.Requirements.Except(pip.Args.Values("-e", "--editable"))
                    .Where(r => IsJudged(r) && !IsPinned(r)).ToList();
                if (unpinned.Count > 0)
                {
                    yield return LintRules.PipUnpinned.At(run.StartLine,
                        $"`{pip.Tool} install` gets {string.Join(", ", unpinned.Select(u => $"'{u}'"))} without an exact version: each build that misses the cache installs whatever is newest on the index then, so two builds of the same commit can differ and a new upstream release can break the image.",
                        $"Pin exact versions (e.g. '{Name(unpinned[0])}==<version>'), best in a requirements or lock file copied before the install; `pip freeze` in a working image prints them.");
                }
            }
        }
    }

    private static bool IsJudged(string requirement) =>
        requirement.Length > 0 && !DependencyInstall.IsLocalPath(requirement) && !requirement.Contains("://")
        && !requirement.StartsWith("git+") && !requirement.Contains('/') && !requirement.Contains(" @ ")
        && !(requirement.Contains('$') && !requirement.Contains("=="))
        && !new[] { ".whl", ".tar.gz", ".zip", ".tgz" }.Any(e => requirement.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static bool IsPinned(string requirement)
    {
        var marker = requirement.IndexOf(';');
        var spec = marker < 0 ? requirement : requirement[..marker];
        var eq = spec.IndexOf("==", StringComparison.Ordinal);
        if (eq < 0)
        {
            return false;
        }

        var version = spec[(eq + 2)..].TrimStart('=').Trim();
        return version.Length > 0 && !version.Contains('*') && !version.Contains(',');
    }

    private static string Name(string requirement)
    {
        var end = requirement.IndexOfAny(['=', '<', '>', '~', '!', '[', ';', ' ']);
        return end < 0 ? requirement : requirement[..end];
    }
}
