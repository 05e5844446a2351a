using BuildFarm.EndToEnd.Farm;

namespace BuildFarm.EndToEnd.Builds;

/// <summary>A build whose check asks for GPUs, planned at submit against the real registry's base image.</summary>
[Collection(FarmCollection.Name)]
public class GpuCheckPlacementTests(FarmFixture farm)
{
    [EndToEndFact]
    public async Task Should_keep_a_gpu_check_build_queued_and_say_why_when_no_agent_has_a_gpu()
    {
        var repository = farm.NewRepository("gpu-check");

        var id = await farm.Api.SubmitAsync(new
        {
            repository = repository.Url, @ref = "main",
            check = new { command = new[] { "python", "-c", "import torch; assert torch.cuda.is_available()" }, gpus = true },
        });

        // The test agents have no nvidia-smi: every one is rejected for it, by name, and the build waits rather than
        // failing on a host where its check could never pass.
        var waiting = await farm.Api.WaitForAsync(id,
            b => b.Status == "queued" && b.WaitingReason is { } why && why.Contains(FarmFixture.AgentA) && why.Contains(FarmFixture.AgentB),
            "said why it waits");
        Assert.Contains("no GPU", waiting.WaitingReason);
        Assert.Null(waiting.Agent);

        await farm.Api.CancelAsync(id);
        Assert.Equal("cancelled", (await farm.Api.WaitForFinishAsync(id)).Status);
    }
}
