using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint;

public class LintRulesDocumentationTests
{
    private const string Fence = "```dockerfile\n";

    private static readonly string Docs = File.ReadAllText(Path.Combine(LintRobustnessTests.RepositoryRoot(), "docs", "lint-rules.md"));

    public static TheoryData<string> RuleIds() => [.. LintRules.All.Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Should_document_the_rule_with_its_severity(string id)
    {
        var rule = LintRules.Find(id)!;

        Assert.Contains($"Severity: **{rule.SeverityName()}**", Section(id));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Should_give_an_example_that_triggers_the_rule(string id)
    {
        var example = Block(Section(id), "Triggers it");

        var report = DockerfileLint.Check(example, new LintContext(HasDockerIgnore: false, SizeBytes: 2L << 30));

        Assert.Contains(report.Findings, f => f.Rule == id);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Should_give_a_fix_that_the_lint_finds_clean(string id)
    {
        var section = Section(id);
        var fixAt = section.IndexOf("\nFix", StringComparison.Ordinal);
        Assert.True(fixAt >= 0, $"the section of {id} has no Fix");
        if (id == LintRules.ContextWithoutDockerIgnore.Id)
        {
            // Its fix is a .dockerignore, not a Dockerfile: the example passes once the context has one.
            Assert.True(DockerfileLint.Check(Block(section, "Triggers it"), new LintContext(true, 2L << 30)).IsClean);
            return;
        }

        var report = DockerfileLint.Check(Block(section[fixAt..], "Fix"), new LintContext(true, 2L << 30));

        Assert.True(report.IsClean, string.Join("\n", report.Findings));
    }

    private static string Section(string id)
    {
        var heading = $"\n## `{id}`\n";
        var start = Docs.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/lint-rules.md has no section {heading.Trim()}");
        var end = Docs.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? Docs[start..] : Docs[start..end];
    }

    private static string Block(string text, string after)
    {
        var label = text.IndexOf(after, StringComparison.Ordinal);
        Assert.True(label >= 0, $"no '{after}' in {text[..40]}");
        var start = text.IndexOf(Fence, label, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no dockerfile block after '{after}'");
        start += Fence.Length;
        return text[start..text.IndexOf("```", start, StringComparison.Ordinal)];
    }
}

internal static class LintRuleNames
{
    public static string SeverityName(this LintRule rule) => new LintFinding(rule.Id, 1, rule.Severity, "", "").SeverityName;
}
