using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Scheduler.Features.Placement;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

/// <summary>What the agent gets of a release build, and what placement predicts for a build that uses no cache.</summary>
public class PlacerReleaseTests
{
    const string Base = "localhost:5000/demo/cuda:12.1-runtime";
    static readonly string Digest = "sha256:" + new string('d', 64);

    static string PlanJson(bool pinned) => JsonSerializer.Serialize(new BuildPlan(
        [
            new PlanStep("key-from", -1, StepKind.Image, "FROM", $"FROM {Base}") { BaseDigest = Digest, Stage = "stage-0", Vertex = 1 },
            new PlanStep("key-run", 0, StepKind.Instruction, "RUN", "RUN make") { Stage = "stage-0", StepInStage = 1, Vertex = 2 },
        ])
    { Pins = pinned ? [new BasePin(Base, Digest, Digest)] : [] }, Placer.Json);

    [Fact]
    public async Task Should_send_a_release_build_to_its_agent_with_each_base_pinned()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));

        var id = await farm.QueueAsync(b => (b.Release, b.NoCache, b.Pull, b.PlanJson) = (true, true, true, PlanJson(pinned: true)));

        Assert.True(await farm.SentAsync<StartBuild>(m => m.BuildId == id));
        var sent = farm.Bus.Sent.Select<StartBuild>().Single(s => s.Context.Message.BuildId == id).Context.Message;
        Assert.True(sent.Spec.Release);
        Assert.Equal([new BasePin(Base, Digest, Digest)], sent.Pins!);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_send_no_pins_and_predict_nothing_for_an_everyday_no_cache_build()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));

        var id = await farm.QueueAsync(b => (b.NoCache, b.PlanJson) = (true, PlanJson(pinned: false)));

        Assert.True(await farm.SentAsync<StartBuild>(m => m.BuildId == id));
        var sent = farm.Bus.Sent.Select<StartBuild>().Single(s => s.Context.Message.BuildId == id).Context.Message;
        Assert.Null(sent.Pins);
        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        Assert.Null(build.PredictedKeysJson);
        await farm.AssertNoFaultsAsync();
    }
}
