namespace BuildFarm.Shared.Lint;

/// <summary>A finding that a <c># farm-lint ignore=…</c> comment waived.</summary>
/// <param name="Finding">What would have been reported.</param>
/// <param name="WaiverLine">The 1-based line of the waiver comment.</param>
/// <param name="Reason">The reason the comment gives (empty when it gives none, which is itself reported).</param>
public sealed record WaivedFinding(LintFinding Finding, int WaiverLine, string Reason);
