using BuildFarm.Shared.Lint;

namespace BuildFarm.Cli.Features.Lint;

/// <summary>The findings as a terminal shows them: compiler-style <c>FILE:LINE:</c> lines that editors link to,
/// each with its fix beneath, then a count.</summary>
static class LintText
{
    public static void Write(TextWriter output, string dockerfilePath, LintReport report)
    {
        foreach (var finding in report.Findings)
        {
            output.WriteLine($"{dockerfilePath}:{finding.Line}: {finding.SeverityName} [{finding.Rule}] {finding.Message}");
            output.WriteLine($"    fix: {finding.Fix}");
        }

        var waived = report.Waived.Count == 0 ? "" : $"; {report.Waived.Count} waived";
        if (report.Findings.Count == 0)
        {
            output.WriteLine($"{dockerfilePath}: no findings{waived}.");
            return;
        }

        var bySeverity = report.Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key)
            .Select(g => $"{g.Count()} {g.First().SeverityName}{(g.Count() == 1 ? "" : "s")}");
        output.WriteLine();
        output.WriteLine($"{report.Findings.Count} finding{(report.Findings.Count == 1 ? "" : "s")} ({string.Join(", ", bySeverity)}){waived}. Rules: docs/lint-rules.md");
    }
}
