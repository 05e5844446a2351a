using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint.Rules;

public class DockerIgnoreCheckTests
{
    private static readonly LintRule Rule = LintRules.ContextWithoutDockerIgnore;
    private const string CopiesAll = "WORKDIR /app\nCOPY . .\n";

    [Fact]
    public void Should_report_a_large_context_without_dockerignore_at_the_copy_that_takes_it_all()
    {
        var finding = Assert.Single(Linted.AfterBase(CopiesAll, Rule, new LintContext(false, 3L << 30, 120_000)));

        Assert.Equal(3, finding.Line);
        Assert.Contains("holds 3.0 GiB in 120,000 files", finding.Message);
        Assert.Contains(".git", finding.Fix);
    }

    [Fact]
    public void Should_report_without_a_size_when_the_caller_does_not_know_it()
    {
        var finding = Assert.Single(Linted.AfterBase(CopiesAll, Rule, new LintContext(false)));

        Assert.DoesNotContain("holds", finding.Message);
    }

    [Fact]
    public void Should_report_a_bind_mount_of_the_whole_context_too()
    {
        Assert.Single(Linted.AfterBase("RUN --mount=type=bind,target=/src make -C /src\n", Rule, new LintContext(false, 50L << 20)));
    }

    [Theory]
    [InlineData(true, 3L << 30)]
    [InlineData(false, 2L << 20)]
    public void Should_accept_a_context_with_dockerignore_or_a_small_one(bool hasIgnore, long size)
    {
        Assert.Empty(Linted.AfterBase(CopiesAll, Rule, new LintContext(hasIgnore, size)));
    }

    [Fact]
    public void Should_say_nothing_without_a_context_or_without_a_whole_context_copy()
    {
        Assert.Empty(Linted.AfterBase(CopiesAll, Rule));
        Assert.Empty(Linted.AfterBase("COPY src/ /app/src/\nCOPY --from=ghcr.io/org/img:1.0 . /app\n", Rule, new LintContext(false, 3L << 30)));
    }
}
