using BuildFarm.Shared.Dockerfiles.Semantics;

namespace BuildFarm.Shared.Dockerfiles;

/// <summary>What <see cref="DockerfileParser.Parse"/> understood of a Dockerfile. Never null, whatever the input:
/// when <see cref="Errors"/> is not empty the file would fail to build, and the stages hold what could be read.</summary>
public sealed class ParseResult
{
    internal ParseResult(
        IReadOnlyList<DockerfileStage> stages,
        IReadOnlyList<DockerfileVariable> globalArgs,
        IReadOnlyList<ParserDirective> directives,
        IReadOnlyList<DockerfileError> errors,
        IReadOnlyList<DockerfileError> warnings,
        char escapeCharacter)
    {
        Stages = stages;
        GlobalArgs = globalArgs;
        Directives = directives;
        Errors = errors;
        Warnings = warnings;
        EscapeCharacter = escapeCharacter;
    }

    /// <summary>The build stages in file order.</summary>
    public IReadOnlyList<DockerfileStage> Stages { get; }

    /// <summary>The ARGs declared before the first FROM, with their values after the caller's build args and
    /// expansion: usable in FROM lines, and inside a stage only where the stage re-declares them.</summary>
    public IReadOnlyList<DockerfileVariable> GlobalArgs { get; }

    /// <summary>The parser directives found at the top of the file.</summary>
    public IReadOnlyList<ParserDirective> Directives { get; }

    /// <summary>Everything that would make BuildKit refuse the file, ordered by line.</summary>
    public IReadOnlyList<DockerfileError> Errors { get; }

    /// <summary>Things BuildKit builds anyway but warns about (empty continuation lines, unused build args, …).</summary>
    public IReadOnlyList<DockerfileError> Warnings { get; }

    /// <summary>The escape character in effect: '\' unless <c># escape=`</c> chose the backtick.</summary>
    public char EscapeCharacter { get; }

    /// <summary>True when there are no errors.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>
    /// The stages a build of <paramref name="target"/> needs, in file order: the target, the stages it is built on
    /// (FROM another stage) and those it copies or mounts from (<c>COPY --from</c>, <c>RUN --mount=from=</c>),
    /// transitively. Stages nothing reaches are left out, as BuildKit skips them.
    /// </summary>
    /// <param name="target">A stage name (case-insensitive), or null for the last stage.</param>
    /// <param name="error">Why no stages can be given (unknown target, circular reference, no stages), else null.</param>
    /// <returns>The stages, or null when <paramref name="error"/> says why not.</returns>
    public IReadOnlyList<DockerfileStage>? StagesFor(string? target, out string? error) =>
        StageGraph.Resolve(Stages, target, out error);
}
