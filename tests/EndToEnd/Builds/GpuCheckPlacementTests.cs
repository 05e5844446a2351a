using BuildFarm.EndToEnd.Farm;

namespace BuildFarm.EndToEnd.Builds;

/// <summary>A build whose check asks for GPUs, planned at submit against the real registry's base image.</summary>
[Collection(FarmCollection.Name)]
public class GpuCheckPlacementTests(FarmFixture farm)
{
    [EndToEndFact]
    public async Task Should_refuse_a_gpu_check_build_at_submit_naming_every_agent_when_none_has_a_gpu()
    {
        var repository = farm.NewRepository("gpu-check");

        // The test agents have no nvidia-smi: no registered agent could ever run the check, so the farm refuses the
        // build with each agent's reason rather than queue it to wait for a GPU that does not exist.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => farm.Api.SubmitAsync(new
        {
            repository = repository.Url, @ref = "main",
            check = new { command = new[] { "python", "-c", "import torch; assert torch.cuda.is_available()" }, gpus = true },
        }));

        Assert.Contains("answered 400", refused.Message);
        Assert.Contains("No registered agent has a working GPU", refused.Message);
        Assert.Contains($"{FarmFixture.AgentA}: no GPU", refused.Message);
        Assert.Contains($"{FarmFixture.AgentB}: no GPU", refused.Message);
    }
}
