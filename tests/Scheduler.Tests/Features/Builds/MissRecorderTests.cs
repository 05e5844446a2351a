using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Misses;
using BuildFarm.Shared.Placement;
using BuildFarm.Scheduler.Tests.Features.Placement;

namespace BuildFarm.Scheduler.Tests.Features.Builds;

public class MissRecorderTests
{
    static BuildPlan Plan(string code, string blob) =>
        CacheAffinityPlacerTests.Plan(code) is var plan
            ? plan with { Steps = [.. plan.Steps.Select(s => s.Keyword == "COPY" && s.Instruction.Contains("src/")
                ? s with { Files = new Dictionary<string, string> { ["src/model.py"] = "m1", ["src/train.py"] = blob }, FileCount = 2 }
                : s)] }
            : throw new InvalidOperationException();

    /// <summary>Runs a planned build on gpu-a: its steps from <paramref name="firstRun"/> on ran for 2 s, the
    /// others came from the cache.</summary>
    static async Task<Guid> BuildAsync(SchedulerHarness farm, BuildPlan plan, int firstRun)
    {
        var id = await CacheAffinityPlacerTests.QueuePlannedAsync(farm, plan);
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        var start = farm.Clock.GetUtcNow();
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-a", start));
        var vertices = plan.Steps.Where(s => s.HasVertex).ToList();
        for (var i = 0; i < vertices.Count; i++)
            await farm.Bus.Bus.Publish(new StepCompleted(id, 1, i, "stage-0", vertices[i].Instruction, start, start.AddSeconds(i >= firstRun ? 2 : 0),
                i < firstRun, null, vertices[i].Key));
        await farm.WaitForAsync(id, b => b.Steps.Count == vertices.Count, "every step recorded");
        farm.Clock.Advance(TimeSpan.FromSeconds(10));
        await farm.Bus.Bus.Publish(Finished(farm, id));
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Succeeded, "succeeded");
        farm.Clock.Advance(TimeSpan.FromMinutes(1));
        return id;
    }

    static BuildFinished Finished(SchedulerHarness farm, Guid id) =>
        new(id, 1, "gpu-a", BuildOutcome.Succeeded, "sha256:img", 10, 10_000, 0, 4, null, null, farm.Clock.GetUtcNow());

    static MissExplanation Miss(Build build) => JsonSerializer.Deserialize<MissExplanation>(build.MissJson!, JsonSerializerOptions.Web)!;

    [Fact]
    public async Task Should_store_the_changed_file_when_a_rebuild_missed_at_its_source_copy()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-a"));
        var first = await BuildAsync(farm, Plan("code-v1", "t1"), firstRun: 1);

        var second = await BuildAsync(farm, Plan("code-v2", "t2"), firstRun: 3);

        var firstBuild = await farm.BuildAsync(first);
        Assert.Equal(MissCauses.FirstBuild, firstBuild.MissCause);
        var build = await farm.BuildAsync(second);
        Assert.Equal(MissCauses.FilesChanged, build.MissCause);
        var miss = Miss(build);
        Assert.Equal(["src/train.py"], miss.Files);
        Assert.Equal(first, miss.ComparedWith);
        Assert.Equal(new MissedStep(3, "COPY src/ src/"), miss.FirstMissedStep);
        // The earlier build ran the source copy in 2 s.
        Assert.Equal(2, miss.SecondsLost);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_keep_the_stored_miss_when_BuildFinished_is_replayed()
    {
        await using var farm = await SchedulerHarness.StartAsync();
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-a"));
        var id = await BuildAsync(farm, Plan("code-v1", "t1"), firstRun: 1);
        var stored = (await farm.BuildAsync(id)).MissJson;
        // Were the miss worked out again, this earlier success would now be what it is compared with.
        await farm.WithDbAsync(async db =>
        {
            db.Builds.Add(new Build
            {
                Id = Guid.NewGuid(), Repository = "https://git.example/ml/trainer.git", Ref = "main", Status = BuildStatus.Succeeded,
                QueuedAt = farm.Clock.GetUtcNow().AddHours(-2), FinishedAt = farm.Clock.GetUtcNow().AddHours(-1), Dispatched = true,
            });
            return await db.SaveChangesAsync();
        });

        await farm.Bus.Bus.Publish(Finished(farm, id));

        Assert.True(await farm.ConsumedAsync<BuildFinished>(2, m => m.BuildId == id));
        var build = await farm.BuildAsync(id);
        Assert.Equal(MissCauses.FirstBuild, build.MissCause);
        Assert.Equal(stored, build.MissJson);
        await farm.AssertNoFaultsAsync();
    }
}
