using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Lint.Rules;
using BuildFarm.Shared.Lint.Waivers;

namespace BuildFarm.Shared.Lint;

/// <summary>
/// The Dockerfile cache lint: finds what costs a Dockerfile its cache hits or its reproducibility (floating bases,
/// installs after source copies, split apt-get update, package caches left in layers, unpinned or moving
/// downloads), each finding with its line, why it costs, and the fix. Rules and their ids are in
/// <see cref="LintRules"/> and docs/lint-rules.md. Pure and thread-safe; it never throws for any input.
/// </summary>
public static class DockerfileLint
{
    private static readonly ILintCheck[] Checks =
    [
        new BaseImageCheck(), new CopyOrderCheck(), new AptUpdateCheck(), new InstallCacheCheck(), new PipPinCheck(),
        new MovingRemoteCheck(), new AddUrlCheck(), new DockerIgnoreCheck(),
    ];

    /// <summary>Lints a Dockerfile.</summary>
    /// <param name="dockerfileText">The Dockerfile's content.</param>
    /// <param name="context">What the caller knows of the build context (for the .dockerignore rule), or null.</param>
    /// <param name="buildArgs">The build's <c>--build-arg</c> values, which choose ARG-dependent bases.</param>
    /// <returns>The findings, what waivers silenced, and the parser's errors when it refused the file (then no rule ran).</returns>
    public static LintReport Check(string dockerfileText, LintContext? context = null, IReadOnlyDictionary<string, string>? buildArgs = null)
    {
        var text = dockerfileText ?? "";
        var parsed = DockerfileParser.Parse(text, buildArgs);
        if (!parsed.Succeeded)
        {
            return new LintReport([], [], parsed.Errors);
        }

        var input = new LintInput(parsed, context);
        return WaiverComments.Apply(text, parsed, Checks.SelectMany(c => c.Check(input)));
    }
}
