using System.Text.Json;
using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint;

public class DockerfileLintTests
{
    // What the rules ask for, all at once: the lint must find nothing here.
    private const string CacheFriendly = """
        # syntax=docker/dockerfile:1
        ARG CUDA_IMAGE=nvidia/cuda:12.8.0-cudnn-runtime-ubuntu22.04@sha256:4f5d3c1b2a0918273645546372819000aabbccddeeff00112233445566778899
        FROM ${CUDA_IMAGE} AS base
        ENV DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1
        RUN apt-get update \
         && apt-get install -y --no-install-recommends python3 python3-pip git \
         && rm -rf /var/lib/apt/lists/*

        FROM base AS deps
        WORKDIR /workspace
        COPY requirements.txt constraints.txt ./
        RUN --mount=type=cache,target=/root/.cache/pip \
            python3 -m pip install -r requirements.txt -c constraints.txt "torch==2.5.1"
        RUN git clone https://github.com/NVIDIA/apex /opt/apex && git -C /opt/apex checkout 3f2a9c1d4e5f
        ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/vocab.json /models/

        FROM deps AS app
        COPY . .
        RUN python3 -m pip install --no-deps -e .
        CMD ["python3", "-m", "trainer"]
        """;

    [Fact]
    public void Should_find_nothing_in_a_dockerfile_that_follows_every_rule()
    {
        var report = DockerfileLint.Check(CacheFriendly, new LintContext(HasDockerIgnore: true, SizeBytes: 4L << 30));

        Assert.True(report.IsClean, string.Join("\n", report.Findings));
        Assert.Empty(report.Waived);
    }

    [Fact]
    public void Should_find_only_the_tag_pinned_base_in_the_demo_dockerfile()
    {
        var text = File.ReadAllText(Path.Combine(LintRobustnessTests.RepositoryRoot(), "demo", "Dockerfile"));

        var finding = Assert.Single(DockerfileLint.Check(text, new LintContext(true)).Findings);

        Assert.Equal(("base-not-pinned", 3), (finding.Rule, finding.Line));
    }

    [Fact]
    public void Should_find_the_classic_mistakes_in_order_of_line()
    {
        var text = """
            FROM pytorch/pytorch:latest
            RUN apt-get update
            RUN apt-get install -y git
            COPY . /app
            RUN pip install -r /app/requirements.txt
            RUN curl -fsSL https://get.example.sh | bash
            """;

        var report = DockerfileLint.Check(text, new LintContext(false, 800L << 20));

        Assert.Equal(
            [(1, "base-latest"), (2, "apt-update-alone"), (3, "install-without-cache"), (4, "context-without-dockerignore"),
             (5, "install-without-cache"), (5, "manifest-not-copied-first"), (6, "moving-remote")],
            report.Findings.Select(f => (f.Line, f.Rule)));
        Assert.All(report.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Message + f.Fix)));
    }

    [Theory]
    [InlineData("FROM alpine\nRUNN echo hi\n", 2)]
    [InlineData("", 1)]
    [InlineData("RUN echo before any FROM\n", 1)]
    public void Should_say_the_parser_refused_the_file_and_lint_nothing(string text, int line)
    {
        var report = DockerfileLint.Check(text);

        Assert.True(report.Refused);
        Assert.False(report.IsClean);
        Assert.Equal(line, report.ParseErrors[0].Line);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Should_take_null_for_an_empty_file()
    {
        Assert.True(DockerfileLint.Check(null!).Refused);
    }

    [Fact]
    public void Should_serialize_severities_by_their_lower_case_names()
    {
        var finding = LintRules.AptUpdateAlone.At(3, "m", "f");

        var json = JsonSerializer.Serialize(finding, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal("{\"rule\":\"apt-update-alone\",\"line\":3,\"severity\":\"error\",\"message\":\"m\",\"fix\":\"f\"}", json);
        Assert.Equal("error", finding.SeverityName);
        Assert.Equal(["error", "warning", "info"], new[] { LintSeverity.Error, LintSeverity.Warning, LintSeverity.Info }.Select(s => new LintFinding("r", 1, s, "", "").SeverityName));
    }

    [Fact]
    public void Should_give_every_rule_a_unique_kebab_case_id()
    {
        Assert.Equal(LintRules.All.Count, LintRules.All.Select(r => r.Id).Distinct().Count());
        Assert.All(LintRules.All, r => Assert.Matches("^[a-z]+(-[a-z]+)*$", r.Id));
        Assert.Same(LintRules.PipUnpinned, LintRules.Find("pip-unpinned"));
        Assert.Null(LintRules.Find("PIP-UNPINNED"));
    }
}
