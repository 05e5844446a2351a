using System.Text.Json.Serialization;

namespace BuildFarm.Shared.Lint;

/// <summary>One problem the lint found in a Dockerfile.</summary>
/// <param name="Rule">The rule's stable id, e.g. "apt-update-alone" (see <see cref="LintRules"/>).</param>
/// <param name="Line">The 1-based line where the instruction at fault starts.</param>
/// <param name="Severity">The rule's severity.</param>
/// <param name="Message">What this instruction does and why it costs cache or reproducibility.</param>
/// <param name="Fix">What to write instead.</param>
public sealed record LintFinding(string Rule, int Line, LintSeverity Severity, string Message, string Fix)
{
    /// <summary>The severity as written in JSON and in the CLI's text ("error", "warning", "info"). Not serialized:
    /// <see cref="Severity"/> already is, by the same name.</summary>
    [JsonIgnore]
    public string SeverityName => Severity switch
    {
        LintSeverity.Error => "error",
        LintSeverity.Warning => "warning",
        _ => "info",
    };
}
