using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint;

/// <summary>Lints a Dockerfile and picks one rule's findings.</summary>
internal static class Linted
{
    /// <summary>A FROM line no base rule reports, for tests about other rules.</summary>
    public const string PinnedBase = "FROM python:3.12-slim@sha256:6d9ac9237a84afe1516540f40a0fafdc86859b2141954b4d643af7066d598b74\n";

    public static List<LintFinding> Findings(string dockerfile, LintRule rule, LintContext? context = null)
    {
        var report = DockerfileLint.Check(dockerfile, context);
        Assert.False(report.Refused, string.Join("; ", report.ParseErrors));
        return report.Findings.Where(f => f.Rule == rule.Id).ToList();
    }

    /// <summary>The findings of a Dockerfile that starts with <see cref="PinnedBase"/>: line 2 is the first line given.</summary>
    public static List<LintFinding> AfterBase(string lines, LintRule rule, LintContext? context = null) =>
        Findings(PinnedBase + lines, rule, context);
}
