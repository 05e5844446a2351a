using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Tests.Features.Builds;

public class LogStorageTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-23T10:00:00Z");

    static async Task<(SchedulerHarness Farm, Guid Id)> RunningBuildAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var farm = await SchedulerHarness.StartAsync(settings);
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", T0));
        await farm.Bus.Bus.Publish(new StepStarted(id, 1, 1, null, "RUN pip install -r requirements.txt", T0));
        return (farm, id);
    }

    [Fact]
    public async Task Should_store_a_10000_line_log_whole_and_in_order()
    {
        var (farm, id) = await RunningBuildAsync();
        await using var _ = farm;
        var lines = Enumerable.Range(1, 10_000).Select(i => $"Collecting package-{i}").ToList();

        for (var seq = 0; seq < 100; seq++)
            await farm.Bus.Bus.Publish(new StepLogged(id, 1, 1, seq, lines.Skip(seq * 100).Take(100).ToList()));

        var build = await farm.WaitForAsync(id, b => b.LogBytes == lines.Sum(l => l.Length + 1), "with the whole log counted");
        var chunks = await farm.ChunksAsync(id);
        Assert.Equal(100, chunks.Count);
        Assert.Equal(lines, chunks.SelectMany(c => c.Text.Split('\n')));
        Assert.False(build.LogCut);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_store_a_redelivered_batch_once()
    {
        var (farm, id) = await RunningBuildAsync();
        await using var _ = farm;

        await farm.Bus.Bus.Publish(new StepLogged(id, 1, 1, 0, ["one", "two"]));
        await farm.Bus.Bus.Publish(new StepLogged(id, 1, 1, 0, ["one", "two"]));
        await farm.Bus.Bus.Publish(new StepLogged(id, 1, 1, 1, ["three"]));
        await farm.WaitForAsync(id, b => b.LogBytes == 14, "with three lines counted");
        Assert.True(await farm.ConsumedAsync<StepLogged>(m => m.Seq == 1));

        Assert.Equal(["one\ntwo", "three"], (await farm.ChunksAsync(id)).Select(c => c.Text));
        Assert.Equal(14, (await farm.BuildAsync(id)).LogBytes);
        await farm.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_cut_the_log_past_its_budget_with_one_note_and_still_record_later_steps()
    {
        var (farm, id) = await RunningBuildAsync(new Dictionary<string, string?> { ["Scheduler:LogBudgetBytes"] = "1000" });
        await using var _ = farm;
        var line = new string('x', 99); // 100 bytes with its newline

        await farm.Bus.Bus.Publish(new StepLogged(id, 1, 1, 0, Enumerable.Repeat(line, 6).ToList()));
        await farm.Bus.Bus.Publish(new StepLogged(id, 1, 1, 1, Enumerable.Repeat(line, 6).ToList()));
        await farm.Bus.Bus.Publish(new StepLogged(id, 1, 1, 2, ["never stored"]));
        await farm.Bus.Bus.Publish(new StepCompleted(id, 1, 1, null, "RUN pip install -r requirements.txt", T0, T0.AddSeconds(9), false, null));
        await farm.Bus.Bus.Publish(new StepStarted(id, 1, 2, null, "RUN python -m pytest", T0.AddSeconds(9)));
        await farm.Bus.Bus.Publish(new StepLogged(id, 1, 2, 0, ["nor this"]));
        await farm.Bus.Bus.Publish(new StepCompleted(id, 1, 2, null, "RUN python -m pytest", T0.AddSeconds(9), T0.AddSeconds(12), false, null));

        var build = await farm.WaitForAsync(id, b => b.Steps.Count(s => s.Status == StepStatus.Done) == 2, "with both steps done");
        Assert.True(build.LogCut);
        Assert.Equal(1000, build.LogBytes);
        var chunks = await farm.ChunksAsync(id);
        Assert.Equal([(0, false), (1, true)], chunks.Select(c => (c.Seq, c.Cut)));
        var kept = chunks.SelectMany(c => c.Text.Split('\n')).ToList();
        Assert.Equal(11, kept.Count);
        Assert.All(kept[..10], l => Assert.Equal(line, l));
        Assert.Equal("log cut here: the build's log passed 1000 bytes; later lines were not kept", kept[^1]);
        Assert.Equal(3000, Assert.Single(build.Steps, s => s.Index == 2).DurationMs);
        await farm.AssertNoFaultsAsync();
    }
}
