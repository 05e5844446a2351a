using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint.Rules;

public class BaseImageCheckTests
{
    private const string Digest = "sha256:6d9ac9237a84afe1516540f40a0fafdc86859b2141954b4d643af7066d598b74";

    [Fact]
    public void Should_report_an_image_without_a_tag_as_latest()
    {
        var finding = Assert.Single(Linted.Findings("FROM python\nRUN true\n", LintRules.BaseLatest));

        Assert.Equal(1, finding.Line);
        Assert.Equal(LintSeverity.Error, finding.Severity);
        Assert.Contains("'python:latest'", finding.Message);
        Assert.Contains("@sha256:", finding.Fix);
    }

    [Theory]
    [InlineData("FROM ubuntu:latest")]
    [InlineData("FROM pytorch/pytorch:nightly")]
    [InlineData("from --platform=linux/amd64 tensorflow/tensorflow:devel AS build")]
    public void Should_report_tags_that_move_by_design(string from)
    {
        Assert.Single(Linted.Findings(from + "\n", LintRules.BaseLatest));
        Assert.Empty(Linted.Findings(from + "\n", LintRules.BaseNotPinned));
    }

    [Fact]
    public void Should_report_a_version_tag_without_a_digest_as_not_pinned()
    {
        var finding = Assert.Single(Linted.Findings("FROM pytorch/pytorch:2.9.0-cuda12.8-cudnn9-runtime\n", LintRules.BaseNotPinned));

        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Contains("re-push", finding.Message);
        Assert.Contains("FROM pytorch/pytorch:2.9.0-cuda12.8-cudnn9-runtime@sha256:<digest>", finding.Fix);
        Assert.Empty(Linted.Findings("FROM pytorch/pytorch:2.9.0-cuda12.8-cudnn9-runtime\n", LintRules.BaseLatest));
    }

    [Theory]
    [InlineData("FROM python:3.12@" + Digest)]
    [InlineData("FROM python@" + Digest)]
    [InlineData("FROM python:latest@" + Digest)]
    [InlineData("FROM localhost:5000/ml/base:1.0@" + Digest)]
    public void Should_accept_a_base_pinned_by_digest(string from)
    {
        var report = DockerfileLint.Check(from + "\n");

        Assert.DoesNotContain(report.Findings, f => f.Rule is "base-latest" or "base-not-pinned");
    }

    [Fact]
    public void Should_leave_scratch_and_stages_built_on_earlier_stages_alone()
    {
        var text = $"FROM python:3.12@{Digest} AS base\nFROM base AS app\nFROM scratch\nCOPY --from=app /x /x\n";

        Assert.Empty(DockerfileLint.Check(text).Findings);
    }

    [Fact]
    public void Should_judge_each_stage_on_its_own_from_line()
    {
        var text = $"FROM golang:1.22 AS build\nRUN true\nFROM alpine@{Digest}\nFROM debian\n";

        Assert.Equal(1, Assert.Single(Linted.Findings(text, LintRules.BaseNotPinned)).Line);
        Assert.Equal(4, Assert.Single(Linted.Findings(text, LintRules.BaseLatest)).Line);
    }

    [Fact]
    public void Should_judge_the_base_after_arg_expansion_and_build_args()
    {
        var text = "ARG BASE=nvidia/cuda\nARG TAG=latest\nFROM ${BASE}:${TAG}\n";

        Assert.Equal(3, Assert.Single(Linted.Findings(text, LintRules.BaseLatest)).Line);
        var pinned = DockerfileLint.Check(text, buildArgs: new Dictionary<string, string> { ["TAG"] = "12.8.0-runtime-ubuntu22.04@" + Digest });
        Assert.Empty(pinned.Findings);
    }
}
