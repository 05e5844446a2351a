namespace BuildFarm.Shared.Lint;

/// <summary>A lint rule as docs/lint-rules.md describes it; findings say the same for one instruction.</summary>
/// <param name="Id">The stable id waivers and scripts use.</param>
/// <param name="Severity">The severity of its findings.</param>
/// <param name="Title">What it checks, in a few words.</param>
public sealed record LintRule(string Id, LintSeverity Severity, string Title)
{
    /// <summary>A finding of this rule.</summary>
    /// <param name="line">The 1-based line where the instruction starts.</param>
    /// <param name="message">What the instruction does and why it costs.</param>
    /// <param name="fix">What to write instead.</param>
    /// <returns>The finding.</returns>
    public LintFinding At(int line, string message, string fix) => new(Id, line, Severity, message, fix);
}
