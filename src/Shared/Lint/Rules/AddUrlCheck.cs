using BuildFarm.Shared.Lint.Commands;

namespace BuildFarm.Shared.Lint.Rules;

/// <summary>
/// add-url: ADD of a URL or git repository that nothing pins. BuildKit fetches it on every build and keys the
/// step on what it got, so when the file or branch behind it changes, this step and all after it rebuild, and
/// nothing records what the image held. <c>--checksum</c> (or a commit in a git URL) pins it.
/// </summary>
internal sealed class AddUrlCheck : ILintCheck
{
    public IEnumerable<LintFinding> Check(LintInput input)
    {
        foreach (var step in input.Steps.Where(s => s.Keyword == "ADD" && !s.Flags.ContainsKey("checksum")))
        {
            foreach (var source in step.SourcePaths.Where(ContextSource.IsRemote))
            {
                if (!IsGit(source))
                {
                    yield return LintRules.AddUrl.At(step.StartLine,
                        $"`ADD {source}` is fetched on every build and nothing pins its content: when the file behind the URL changes, this step and every one after it rebuild, and builds of the same commit get different files.",
                        $"Pin the content: `ADD --checksum=sha256:<digest> {source} <dest>` (BuildKit then fails the build if it changes), or fetch a versioned URL.");
                    continue;
                }

                var hash = source.IndexOf('#');
                var gitRef = hash < 0 ? null : source[(hash + 1)..].Split(':')[0];
                if (gitRef is { Length: > 0 } && GitRefs.IsFixed(gitRef))
                {
                    continue;
                }

                var what = gitRef is { Length: > 0 } ? $"branch '{gitRef}'" : "the default branch";
                yield return LintRules.AddUrl.At(step.StartLine,
                    $"`ADD {source}` takes {what} as it is at build time: when it moves, this step and every one after it rebuild, and builds of the same commit get different trees.",
                    "Name a commit in the URL (`ADD https://github.com/org/repo.git#<commit> /src`), or pin it with `--checksum=<commit>`.");
            }
        }
    }

    // BuildKit's rule: git@ and git:// always, http(s) when the path ends in .git (before any #fragment).
    private static bool IsGit(string source)
    {
        var hash = source.IndexOf('#');
        var path = hash < 0 ? source : source[..hash];
        return source.StartsWith("git@") || source.StartsWith("git://") || path.EndsWith(".git", StringComparison.OrdinalIgnoreCase);
    }
}
