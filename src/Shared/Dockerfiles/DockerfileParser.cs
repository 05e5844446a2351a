using BuildFarm.Shared.Dockerfiles.Semantics;
using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles;

/// <summary>
/// Reads Dockerfiles the way BuildKit's dockerfile frontend does (moby/buildkit frontend/dockerfile: parser,
/// instructions, shell), without running anything: stages, steps after variable expansion, ARG/ENV scope per
/// step, and every error with its line. Pure and thread-safe; it never throws for any input.
/// </summary>
public static class DockerfileParser
{
    /// <summary>The platform the built-in BUILDPLATFORM/TARGETPLATFORM args default to.</summary>
    public const string DefaultPlatform = PlatformArgs.DefaultPlatform;

    private static readonly IReadOnlyDictionary<string, string> NoBuildArgs = new Dictionary<string, string>();

    /// <summary>Parses a Dockerfile.</summary>
    /// <param name="text">The Dockerfile's content (a leading byte-order mark is ignored).</param>
    /// <param name="buildArgs">Values for ARGs, as <c>--build-arg NAME=value</c>; they replace ARG defaults.
    /// TARGETPLATFORM (and BUILDPLATFORM) given here act like <c>--platform</c> for the built-in platform args.</param>
    /// <returns>The stages and steps read, with errors and warnings by line.</returns>
    public static ParseResult Parse(string text, IReadOnlyDictionary<string, string>? buildArgs = null)
    {
        text ??= "";
        var lines = LogicalLineReader.Read(text);
        var (stages, globalArgs) = StageBuilder.Build(lines, buildArgs ?? NoBuildArgs);
        if (StageGraph.FindCycle(stages) is var (stage, line))
        {
            lines.Errors.Add(new DockerfileError(line, $"circular dependency detected on stage: {stages[stage].DisplayName}"));
        }

        var errors = lines.Errors.OrderBy(e => e.Line).ToArray();
        return new ParseResult(stages, globalArgs, lines.Directives, errors, lines.Warnings, lines.Escape);
    }
}
