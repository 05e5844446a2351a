using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Lint;

/// <summary>The result of <see cref="DockerfileLint.Check"/>. Never null, whatever the input.</summary>
/// <param name="Findings">What the lint found and nothing waived, ordered by line, then rule.</param>
/// <param name="Waived">What waiver comments silenced, with their reasons.</param>
/// <param name="ParseErrors">Why the Dockerfile parser refused the file; when any, no rule ran.</param>
public sealed record LintReport(
    IReadOnlyList<LintFinding> Findings,
    IReadOnlyList<WaivedFinding> Waived,
    IReadOnlyList<DockerfileError> ParseErrors)
{
    /// <summary>True when the parser refused the Dockerfile: the file would not build, so nothing was linted.</summary>
    public bool Refused => ParseErrors.Count > 0;

    /// <summary>True when the file was linted and nothing is left to report.</summary>
    public bool IsClean => !Refused && Findings.Count == 0;
}
