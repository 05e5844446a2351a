using System.Text.Json;

namespace BuildFarm.Cli.Tests.Features.Lint;

public sealed class LintCommandTests : IDisposable
{
    private const string PinnedBase = "FROM python:3.12-slim@sha256:6d9ac9237a84afe1516540f40a0fafdc86859b2141954b4d643af7066d598b74\n";
    private const string Clean = PinnedBase + "COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n";
    private const string Costly = "FROM python:latest\nRUN apt-get update\nRUN apt-get install -y git && rm -rf /var/lib/apt/lists/*\n";

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Should_exit_0_and_say_so_for_a_clean_dockerfile()
    {
        var dockerfile = _folder.Write("Dockerfile", Clean);

        var run = await CliRun.RunAsync("lint", dockerfile);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"{dockerfile}: no findings.", run.Out.Trim());
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Should_exit_1_and_print_line_severity_rule_message_and_fix_for_each_finding()
    {
        var dockerfile = _folder.Write("Dockerfile", Costly);

        var run = await CliRun.RunAsync("lint", dockerfile);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.TrimEntries);
        Assert.StartsWith($"{dockerfile}:1: error [base-latest] The tag 'latest' of 'python' moves", lines[0]);
        Assert.StartsWith("fix: Pick a version tag", lines[1]);
        Assert.StartsWith($"{dockerfile}:2: error [apt-update-alone] `apt-get update` runs in a RUN of its own", lines[2]);
        Assert.StartsWith("fix: Update and install in one RUN", lines[3]);
        Assert.Contains("2 findings (2 errors). Rules: docs/lint-rules.md", run.Out);
    }

    [Fact]
    public async Task Should_print_exactly_the_documented_json_shape()
    {
        var dockerfile = _folder.Write("Dockerfile", Costly);

        var run = await CliRun.RunAsync("lint", dockerfile, "--json");

        Assert.Equal(1, run.ExitCode);
        var root = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(["findings"], root.EnumerateObject().Select(p => p.Name));
        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(["rule", "line", "severity", "message", "fix"], f.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(("base-latest", 1, "error"), (findings[0].GetProperty("rule").GetString(), findings[0].GetProperty("line").GetInt32(), findings[0].GetProperty("severity").GetString()));
        Assert.Contains("The tag 'latest' of 'python'", findings[0].GetProperty("message").GetString());
        Assert.Contains("@sha256:<digest>", findings[0].GetProperty("fix").GetString());
    }

    [Fact]
    public async Task Should_print_an_empty_findings_list_for_a_clean_file()
    {
        var dockerfile = _folder.Write("Dockerfile", Clean);

        var run = await CliRun.RunAsync("lint", dockerfile, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(run.Out).RootElement.GetProperty("findings").GetArrayLength());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_exit_2_for_a_dockerfile_the_parser_refuses(bool json)
    {
        var dockerfile = _folder.Write("Dockerfile", "FROM alpine:3.20\nRUNN echo hi\n");

        var run = await CliRun.RunAsync(json ? ["lint", dockerfile, "--json"] : ["lint", dockerfile]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{dockerfile}:2: unknown instruction: RUNN", run.Error);
        Assert.Contains("cannot lint", run.Error);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Should_exit_2_for_a_missing_file_or_context_or_a_bad_option()
    {
        var dockerfile = _folder.Write("Dockerfile", Clean);

        var missingFile = await CliRun.RunAsync("lint", _folder["nope/Dockerfile"]);
        var missingContext = await CliRun.RunAsync("lint", dockerfile, "--context", _folder["nope"]);
        var badOption = await CliRun.RunAsync("lint", dockerfile, "--strict");
        var noFile = await CliRun.RunAsync("lint");

        Assert.Equal([2, 2, 2, 2], new[] { missingFile, missingContext, badOption, noFile }.Select(r => r.ExitCode));
        Assert.Contains("cannot read Dockerfile", missingFile.Error);
        Assert.Contains("cannot read context", missingContext.Error);
    }

    [Fact]
    public async Task Should_measure_a_context_without_dockerignore_and_report_it_when_large()
    {
        var dockerfile = _folder.Write("Dockerfile", Clean);
        _folder.Write("data/train.bin", new string('x', 11 << 20));

        var run = await CliRun.RunAsync("lint", dockerfile, "--context", _folder.Path, "--json");

        Assert.Equal(1, run.ExitCode);
        var finding = Assert.Single(JsonDocument.Parse(run.Out).RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("context-without-dockerignore", finding.GetProperty("rule").GetString());
        Assert.Equal(4, finding.GetProperty("line").GetInt32());
        Assert.Contains("holds 11.0 MiB in 2 files", finding.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(".dockerignore")]
    [InlineData("Dockerfile.dockerignore")]
    public async Task Should_accept_a_large_context_with_a_dockerignore(string ignoreFile)
    {
        var dockerfile = _folder.Write("Dockerfile", Clean);
        _folder.Write("data/train.bin", new string('x', 11 << 20));
        _folder.Write(ignoreFile, "data/\n.git\n");

        var run = await CliRun.RunAsync("lint", dockerfile, "--context", _folder.Path);

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Should_not_count_waived_findings_but_say_how_many()
    {
        var dockerfile = _folder.Write("Dockerfile", "# farm-lint ignore=base-not-pinned pinned by the release build\nFROM python:3.12\n");

        var run = await CliRun.RunAsync("lint", dockerfile);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"{dockerfile}: no findings; 1 waived.", run.Out.Trim());
    }

    [Fact]
    public async Task Should_judge_the_base_a_build_arg_chooses()
    {
        var dockerfile = _folder.Write("Dockerfile", "ARG BASE=python:3.12\nFROM ${BASE}\n");

        var tagged = await CliRun.RunAsync("lint", dockerfile, "--json");
        var pinned = await CliRun.RunAsync("lint", dockerfile, "--build-arg", "BASE=" + PinnedBase[5..].Trim());

        Assert.Equal(1, tagged.ExitCode);
        Assert.Contains("base-not-pinned", tagged.Out);
        Assert.Equal(0, pinned.ExitCode);
    }

    public void Dispose() => _folder.Dispose();
}
