using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint.Rules;

public class AptUpdateCheckTests
{
    private static readonly LintRule Rule = LintRules.AptUpdateAlone;

    [Fact]
    public void Should_report_an_update_in_a_run_of_its_own_and_name_the_install_that_reads_it()
    {
        var text = "RUN apt-get update\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get install -y git && rm -rf /var/lib/apt/lists/*\n";

        var finding = Assert.Single(Linted.AfterBase(text, Rule));
        Assert.Equal(2, finding.Line);
        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Contains("the install at line 4", finding.Message);
        Assert.Contains("apt-get update && apt-get install", finding.Fix);
    }

    [Theory]
    [InlineData("RUN apt update")]
    [InlineData("RUN apt-get -qq update")]
    [InlineData("RUN sudo apt-get update -y")]
    [InlineData("RUN set -e; apt-get update; echo done")]
    [InlineData("RUN [\"apt-get\", \"update\"]")]
    [InlineData("RUN <<EOF\napt-get update\nEOF")]
    [InlineData("RUN apt-get update && \\\n    apt-get clean")]
    public void Should_report_every_spelling_of_an_update_without_an_install(string run)
    {
        Assert.Single(Linted.AfterBase(run + "\n", Rule));
    }

    [Theory]
    [InlineData("RUN apt-get update && apt-get install -y curl")]
    [InlineData("RUN apt update; apt install -y curl")]
    [InlineData("RUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      curl git \\\n && rm -rf /var/lib/apt/lists/*")]
    [InlineData("RUN DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o Dpkg::Options::=--force-confnew install -y curl")]
    [InlineData("RUN [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\", \"apt-get update && apt-get install -y curl\"]")]
    [InlineData("RUN <<EOF\nset -eux\napt-get update\napt-get install -y curl\nEOF")]
    [InlineData("RUN bash <<EOF\napt-get update\napt-get install -y curl\nEOF")]
    [InlineData("RUN apt-get update && apt-get dist-upgrade -y")]
    [InlineData("RUN if command -v apt-get; then apt-get update && apt-get install -y curl; fi")]
    public void Should_accept_an_update_in_the_same_run_as_the_install(string run)
    {
        Assert.Empty(Linted.AfterBase(run + "\n", Rule));
    }

    [Fact]
    public void Should_not_mistake_an_echoed_command_for_an_update()
    {
        Assert.Empty(Linted.AfterBase("RUN echo \"apt-get update\" > /notes.txt\n", Rule));
    }
}
