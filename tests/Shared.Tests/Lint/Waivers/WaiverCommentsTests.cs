using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint.Waivers;

public class WaiverCommentsTests
{
    [Fact]
    public void Should_waive_the_named_rule_on_the_instruction_below_and_keep_the_reason()
    {
        var text = "# farm-lint ignore=base-not-pinned the platform team re-pins this weekly\nFROM python:3.12\n";

        var report = DockerfileLint.Check(text);

        Assert.True(report.IsClean);
        var waived = Assert.Single(report.Waived);
        Assert.Equal(("base-not-pinned", 2, 1, "the platform team re-pins this weekly"),
            (waived.Finding.Rule, waived.Finding.Line, waived.WaiverLine, waived.Reason));
    }

    [Fact]
    public void Should_waive_only_the_rules_it_names()
    {
        var text = Linted.PinnedBase + "# farm-lint ignore=install-without-cache the layer is squashed later\nRUN pip install torch\n";

        var report = DockerfileLint.Check(text);

        Assert.Equal(["pip-unpinned"], report.Findings.Select(f => f.Rule));
        Assert.Equal(["install-without-cache"], report.Waived.Select(w => w.Finding.Rule));
    }

    [Fact]
    public void Should_take_several_rules_and_apply_inside_continuation_lines()
    {
        var text = Linted.PinnedBase + "RUN pip install torch \\\n  # farm-lint ignore=pip-unpinned,install-without-cache scratch image for a benchmark\n  numpy\n";

        var report = DockerfileLint.Check(text);

        Assert.True(report.IsClean, string.Join("\n", report.Findings));
        Assert.Equal(2, report.Waived.Count);
    }

    [Fact]
    public void Should_not_reach_past_the_next_instruction()
    {
        var text = Linted.PinnedBase + "# farm-lint ignore=pip-unpinned scratch image\nRUN true\nRUN pip install --no-cache-dir torch\n";

        Assert.Equal(4, Assert.Single(DockerfileLint.Check(text).Findings).Line);
    }

    [Fact]
    public void Should_waive_a_rule_everywhere_with_ignore_file()
    {
        var text = "# farm-lint ignore-file=base-not-pinned bases are pinned by the farm's release builds\nFROM golang:1.22 AS build\nFROM debian:12\n";

        var report = DockerfileLint.Check(text);

        Assert.True(report.IsClean);
        Assert.Equal([2, 3], report.Waived.Select(w => w.Finding.Line));
    }

    [Fact]
    public void Should_report_a_waiver_naming_an_unknown_rule_and_waive_nothing_with_it()
    {
        var text = "# farm-lint ignore=base-not-pined typo\nFROM python:3.12\n";

        var report = DockerfileLint.Check(text);

        Assert.Equal(["bad-waiver", "base-not-pinned"], report.Findings.Select(f => f.Rule));
        Assert.Contains("'base-not-pined'", report.Findings[0].Message);
        Assert.Equal(1, report.Findings[0].Line);
    }

    [Fact]
    public void Should_report_a_waiver_without_a_reason()
    {
        var text = "#farm-lint ignore=base-not-pinned\nFROM python:3.12\n";

        var report = DockerfileLint.Check(text);

        Assert.Contains("no reason", Assert.Single(report.Findings).Message);
        Assert.Single(report.Waived);
    }

    [Fact]
    public void Should_not_read_a_heredoc_body_line_as_a_waiver()
    {
        var text = Linted.PinnedBase + "RUN <<EOF\n# farm-lint ignore=pip-unpinned not a comment here\npip install --no-cache-dir torch\nEOF\n";

        Assert.Equal(["pip-unpinned"], DockerfileLint.Check(text).Findings.Select(f => f.Rule));
    }
}
