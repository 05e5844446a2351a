using BuildFarm.EndToEnd.Farm;

namespace BuildFarm.EndToEnd.Agents;

/// <summary>A real agent process, real broker, scheduler and engine: one that joins without a token is listed but given
/// nothing until an admin approves it on the API, and then builds without any part restarting.</summary>
[Collection(FarmCollection.Name)]
public class JoinTokenTests(FarmFixture farm)
{
    [EndToEndFact]
    public async Task Should_give_an_agent_without_a_join_token_nothing_until_an_admin_approves_it()
    {
        var engine = farm.Services!.SpareEngines[0];
        await using var gated = new FarmFixture("join-token", new Dictionary<string, string>(), new Dictionary<string, string>());
        await gated.InitializeAsync();
        await gated.AddAgentAsync("stranger", engine, new Dictionary<string, string> { ["Agent__JoinToken"] = "" });
        var agent = (await gated.Api.AgentsAsync()).Single(a => a.Name == "stranger");

        var id = await gated.Api.SubmitAsync(gated.NewRepository("join-token").Url);
        var waiting = await gated.Api.WaitForAsync(id, b => b.WaitingReason?.Contains("not approved") == true, "waited for approval",
            TimeSpan.FromSeconds(60));
        // Several heartbeats and placement retries later it still has nothing.
        await Task.Delay(TimeSpan.FromSeconds(6)); // the length of the wait is the point: three heartbeats at 2 s
        var still = await gated.Api.BuildAsync(id);
        Assert.True(still.Status == "queued" && still.Agent is null, FarmApi.Describe(still));
        var listed = (await gated.Api.JsonAsync("/api/agents")).EnumerateArray().Single(a => a.GetProperty("id").GetString() == agent.Id);
        Assert.Equal("pending", listed.GetProperty("admission").GetString());
        Assert.Equal("online", listed.GetProperty("status").GetString());

        var approved = await gated.Api.PostAsync($"/api/agents/{agent.Id}/approve");
        Assert.Equal("approved", approved.GetProperty("admission").GetString());
        var build = await gated.Api.WaitForFinishAsync(id);

        Assert.True(build.Status == "succeeded", $"{FarmApi.Describe(build)}\n{gated.Diagnostics()}");
        Assert.Contains(build.Agent, new[] { agent.Id, agent.Name });
        Assert.Contains("not approved", waiting.WaitingReason);
    }
}
