using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint;

public class LintRulesDocumentationTests
{
    [Fact]
    public void Should_document_every_rule_with_its_severity_an_example_and_the_fix()
    {
        var docs = File.ReadAllText(Path.Combine(LintRobustnessTests.RepositoryRoot(), "docs", "lint-rules.md"));

        foreach (var rule in LintRules.All)
        {
            var heading = $"## `{rule.Id}`";
            var start = docs.IndexOf(heading, StringComparison.Ordinal);
            Assert.True(start >= 0, $"docs/lint-rules.md has no section {heading}");
            var end = docs.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
            var section = end < 0 ? docs[start..] : docs[start..end];
            Assert.Contains($"Severity: **{rule.Severity.ToString().ToLowerInvariant()}**", section);
            Assert.Contains("```dockerfile", section);
            Assert.Contains("Fix", section);
        }
    }
}
