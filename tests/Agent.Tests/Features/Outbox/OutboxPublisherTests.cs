using BuildFarm.Agent.Features.Outbox;
using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Agent.Tests.Features.Builds;
using BuildFarm.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Agent.Tests.Features.Outbox;

/// <summary>A broker outage does not hold a build back: its events queue up and arrive, once each and in order, with
/// the engine's own times, when the broker is back.</summary>
[Collection(EngineCollection.Name)]
public sealed class OutboxPublisherTests(EngineFixture fixture) : IDisposable
{
    readonly TempDir _data = new();
    readonly GitRepo _repo = new();

    public void Dispose()
    {
        _repo.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Should_run_a_build_to_the_end_through_a_broker_outage_and_publish_its_events_once_in_order_afterwards()
    {
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid():N} && sleep 1\nRUN echo second\n").Commit();
        await using var agent = await AgentHarness.StartAsync(fixture.Host, _data.Path);
        var outage = new BrokerOutage();
        agent.Bus.Bus.ConnectPublishObserver(outage);
        var outbox = agent.Services.GetRequiredService<EventOutbox>();
        // The broker goes away right after confirming the attempt: every event of the build meets the outage.
        agent.Answer = q =>
        {
            outage.Down = true;
            return new AttemptChecked(q.BuildId, q.Attempt, true, null);
        };
        var job = new StartBuild(Guid.NewGuid(), 1,
            new BuildSpec(_repo.Url, "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false));

        await agent.SendAsync(job);

        await AgentHarness.UntilAsync(() => outbox.InMemory.OfType<BuildFinished>().Any(m => m.BuildId == job.BuildId),
            "the build ran to its end and queued its result", TimeSpan.FromMinutes(2));
        Assert.True(outage.Refused > 0, "the publisher kept trying during the outage");
        Assert.Empty(Events(agent, job.BuildId));
        var queued = outbox.InMemory.Where(m => BuildOf(m) == job.BuildId).ToList();
        var resumed = DateTimeOffset.UtcNow;
        outage.Down = false;

        await agent.PublishedAsync<BuildFinished>(m => m.BuildId == job.BuildId);
        Assert.Equal(queued, Events(agent, job.BuildId));
        Assert.IsType<BuildStarted>(queued[0]);
        Assert.Equal(BuildOutcome.Succeeded, Assert.IsType<BuildFinished>(queued[^1]).Outcome);
        var sleep = queued.OfType<StepCompleted>().Single(m => m.Instruction.Contains("sleep"));
        // BuildKit's own times: the step took its second, and ended before the broker came back.
        Assert.InRange(sleep.CompletedAt - sleep.StartedAt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.All(queued.OfType<StepCompleted>(), m => Assert.True(m.CompletedAt < resumed));
        await agent.AssertNoFaultsAsync();
    }

    static Guid? BuildOf(object message) => message switch
    {
        BuildStarted m => m.BuildId,
        StepStarted m => m.BuildId,
        StepLogged m => m.BuildId,
        StepCompleted m => m.BuildId,
        BuildFinished m => m.BuildId,
        _ => null,
    };

    /// <summary>The build's events as the broker took them, in that order; the harness lists refused publishes too, with
    /// their exception.</summary>
    static List<object> Events(AgentHarness agent, Guid buildId) =>
        agent.Bus.Published.Select<object>().Where(m => m.Exception is null).Select(m => m.MessageObject).Where(m => BuildOf(m) == buildId).ToList();
}
