namespace BuildFarm.Shared.Lint.Waivers;

/// <summary>A <c># farm-lint ignore=…</c> comment.</summary>
/// <param name="Line">The comment's line.</param>
/// <param name="Rules">The rule ids it names.</param>
/// <param name="Reason">The text after the ids.</param>
/// <param name="WholeFile">True for <c>ignore-file=</c>, which waives the rules everywhere.</param>
/// <param name="TargetLine">The start line of the instruction it waives (the one it sits in or above), or null.</param>
internal sealed record Waiver(int Line, IReadOnlyList<string> Rules, string Reason, bool WholeFile, int? TargetLine)
{
    public bool Covers(LintFinding finding) => Rules.Contains(finding.Rule) && (WholeFile || TargetLine == finding.Line);
}
