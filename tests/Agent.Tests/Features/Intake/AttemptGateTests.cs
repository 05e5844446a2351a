using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Agent.Tests.Features.Builds;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Intake;

/// <summary>An attempt starts only once the scheduler confirms it is current, and a cancel drops it while it waits.</summary>
[Collection(EngineCollection.Name)]
public sealed class AttemptGateTests(EngineFixture fixture) : IDisposable
{
    static readonly Dictionary<string, string?> QuickChecks = new()
    {
        ["Agent:CheckTimeout"] = "00:00:00.300",
        ["Agent:CheckRetry"] = "00:00:00.100",
    };

    readonly TempDir _data = new();
    readonly GitRepo _repo = new();

    public void Dispose()
    {
        _repo.Dispose();
        _data.Dispose();
    }

    StartBuild Job(int attempt = 1) => new(Guid.NewGuid(), attempt,
        new BuildSpec(_repo.Url, "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false));

    static void AssertNothingPublishedFor(AgentHarness agent, Guid buildId)
    {
        Assert.DoesNotContain(agent.Bus.Published.Select<BuildStarted>(), m => m.Context.Message.BuildId == buildId);
        Assert.DoesNotContain(agent.Bus.Published.Select<StepStarted>(), m => m.Context.Message.BuildId == buildId);
        Assert.DoesNotContain(agent.Bus.Published.Select<BuildFinished>(), m => m.Context.Message.BuildId == buildId);
    }

    [Fact]
    public async Task Should_drop_an_attempt_the_scheduler_says_is_stale_without_running_it()
    {
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid():N}\n").Commit();
        await using var agent = await AgentHarness.StartAsync(fixture.Host, _data.Path, QuickChecks);
        agent.Answer = q => new AttemptChecked(q.BuildId, q.Attempt, false, "the build is on attempt 3, on gpu-2");
        var stale = Job(attempt: 2);

        await agent.SendAsync(stale);

        await AgentHarness.UntilAsync(() => agent.Checks >= 1 && agent.Slots.Held.Count == 0, "the stale attempt was checked and let go");
        AssertNothingPublishedFor(agent, stale.BuildId);
        await agent.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_keep_asking_while_the_scheduler_is_away_and_run_only_once_confirmed()
    {
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid():N}\n").Commit();
        await using var agent = await AgentHarness.StartAsync(fixture.Host, _data.Path, QuickChecks);
        var away = true;
        agent.Answer = q => Volatile.Read(ref away) ? null : new AttemptChecked(q.BuildId, q.Attempt, true, null);
        var job = Job();

        await agent.SendAsync(job);
        await AgentHarness.UntilAsync(() => agent.Checks >= 3, "the agent asked again after unanswered checks");
        AssertNothingPublishedFor(agent, job.BuildId);
        Volatile.Write(ref away, false);

        var finished = await agent.PublishedAsync<BuildFinished>(m => m.BuildId == job.BuildId);
        Assert.Equal(BuildOutcome.Succeeded, finished.Outcome);
        await agent.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_drop_a_waiting_attempt_on_its_cancel_and_ignore_a_cancel_for_another_attempt()
    {
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid():N}\n").Commit();
        await using var agent = await AgentHarness.StartAsync(fixture.Host, _data.Path,
            new Dictionary<string, string?>(QuickChecks) { ["Agent:Capacity"] = "1" });
        agent.Answer = _ => null;
        var job = Job(attempt: 2);
        await agent.SendAsync(job);
        await AgentHarness.UntilAsync(() => agent.Checks >= 1, "the attempt is waiting for its check");

        await agent.SendAsync(new CancelBuild(job.BuildId, 1, "superseded by attempt 2"));
        await agent.Bus.Consumed.Any<CancelBuild>(m => m.Context.Message.Attempt == 1);
        Assert.Equal([job.BuildId], agent.Slots.Held);

        await agent.SendAsync(new CancelBuild(job.BuildId, 2));
        await AgentHarness.UntilAsync(() => agent.Slots.Held.Count == 0, "the cancelled attempt was dropped");
        agent.Answer = q => new AttemptChecked(q.BuildId, q.Attempt, true, null);
        // One slot: the next build runs only once the dropped attempt has left it, so had it kept waiting, it would
        // have been confirmed now and run first.
        var next = Job();
        await agent.SendAsync(next);
        Assert.Equal(BuildOutcome.Succeeded, (await agent.PublishedAsync<BuildFinished>(m => m.BuildId == next.BuildId)).Outcome);
        AssertNothingPublishedFor(agent, job.BuildId);
        await agent.AssertNoFaultsAsync();
    }
}
