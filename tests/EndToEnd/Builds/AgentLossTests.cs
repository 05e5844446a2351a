using BuildFarm.EndToEnd.Farm;

namespace BuildFarm.EndToEnd.Builds;

[Collection(FarmCollection.Name)]
public class AgentLossTests(FarmFixture farm)
{
    [EndToEndFact]
    public async Task Should_requeue_the_build_of_a_killed_agent_and_finish_it_on_the_other()
    {
        var repository = farm.NewRepository("agent-loss");
        // A step long enough to kill the agent in the middle of it.
        var dockerfile = File.ReadAllText(Path.Combine(repository.Path, "Dockerfile"))
            .Replace("CMD [", "RUN echo 'long step' && sleep 15\nCMD [", StringComparison.Ordinal);
        repository.Write("Dockerfile", dockerfile);
        repository.Commit("Add a long step");

        var id = await farm.Api.SubmitAsync(repository.Url);
        var running = await farm.Api.WaitForAsync(id,
            b => b.Status == "running" && b.Steps.Any(s => s.Instruction.Contains("sleep 15") && s.Status == "running"),
            "reached the long step");
        var agents = await farm.Api.AgentsAsync();
        var victim = agents.Single(a => a.Id == running.Agent || a.Name == running.Agent).Name;
        await farm.KillAgentAsync(victim);
        try
        {
            var build = await farm.Api.WaitForFinishAsync(id, TimeSpan.FromMinutes(4));

            Assert.True(build.Status == "succeeded", $"{FarmApi.Describe(build)}\n{farm.Diagnostics()}");
            var survivor = agents.Single(a => a.Name != victim);
            Assert.Contains(build.Agent, new[] { survivor.Id, survivor.Name });
            Assert.Contains(build.Steps, s => s.Instruction.Contains("sleep 15") && s.Status == "done");
        }
        finally
        {
            // The other tests of this collection expect both agents.
            await farm.RestartAgentAsync(victim);
        }
    }
}
