using System.Net;
using System.Text.RegularExpressions;
using BuildFarm.Web.Tests.Features.Builds;

namespace BuildFarm.Web.Tests.Features.Agents;

[Collection(WebCollection.Name)]
public class AgentsPageTests(WebFixture web)
{
    [Fact]
    public async Task Should_show_gpus_with_driver_and_cuda_or_the_gpu_error_and_the_docker_error()
    {
        var healthy = SeededBuild.Agent();
        var broken = SeededBuild.Agent();
        broken.Name = "gpu-host-broken";
        broken.Status = "offline";
        broken.Gpus = [];
        broken.DriverVersion = null;
        broken.CudaVersion = null;
        broken.GpuError = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.";
        broken.DockerVersion = null;
        broken.DockerError = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock";
        await web.WithDbAsync(db =>
        {
            db.Agents.AddRange(healthy, broken);
            return db.SaveChangesAsync();
        });

        var html = WebUtility.HtmlDecode(await web.ApiClient().GetStringAsync("/agents"));

        var healthyRow = Row(html, healthy.Id);
        Assert.Contains("data-status=\"online\"", healthyRow);
        Assert.Contains("NVIDIA A100-SXM4-80GB", healthyRow);
        Assert.Contains("driver 550.54.15 · CUDA 12.4", healthyRow);
        Assert.Contains("20.10.24", healthyRow);
        Assert.Contains("3.0 GiB", healthyRow);
        Assert.Contains("0 / 2", healthyRow);
        Assert.Contains("gpu=a100", healthyRow);
        Assert.Matches("data-testid=\"agent-heartbeat\"[^>]*>(just now|\\d+ s ago)<", healthyRow);

        var brokenRow = Row(html, broken.Id);
        Assert.Contains("data-status=\"offline\"", brokenRow);
        Assert.Contains("couldn't communicate with the NVIDIA driver", brokenRow);
        Assert.Contains("Cannot connect to the Docker daemon", brokenRow);
    }

    [Fact]
    public async Task Should_show_each_agents_admission_as_a_word_with_the_actions_open_to_it()
    {
        var pending = SeededBuild.Agent();
        pending.Admission = "pending";
        var approved = SeededBuild.Agent();
        var draining = SeededBuild.Agent();
        draining.Admission = "draining";
        await web.WithDbAsync(db =>
        {
            db.Agents.AddRange(pending, approved, draining);
            return db.SaveChangesAsync();
        });

        var html = WebUtility.HtmlDecode(await web.ApiClient().GetStringAsync("/agents"));

        var pendingRow = Row(html, pending.Id);
        Assert.Contains("data-admission=\"pending\"", pendingRow);
        Assert.Matches(">pending<", pendingRow);
        Assert.Contains("data-testid=\"agent-approve\"", pendingRow);
        Assert.Contains("data-testid=\"agent-revoke\"", pendingRow);
        Assert.DoesNotContain("data-testid=\"agent-drain\"", pendingRow);
        var approvedRow = Row(html, approved.Id);
        Assert.Matches(">approved<", approvedRow);
        Assert.Contains("data-testid=\"agent-drain\"", approvedRow);
        Assert.DoesNotContain("data-testid=\"agent-approve\"", approvedRow);
        var drainingRow = Row(html, draining.Id);
        Assert.Matches(">draining<", drainingRow);
        Assert.Contains("data-testid=\"agent-resume\"", drainingRow);
    }

    static string Row(string html, string agentId) =>
        Regex.Match(html, $"<tr data-testid=\"agent-row\" data-agent-id=\"{agentId}\".*?</tr>", RegexOptions.Singleline).Value is { Length: > 0 } row
            ? row
            : throw new Xunit.Sdk.XunitException($"no row for agent {agentId}");
}
