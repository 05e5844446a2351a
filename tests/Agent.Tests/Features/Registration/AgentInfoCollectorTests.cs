using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Outbox;
using BuildFarm.Agent.Features.Registration;
using BuildFarm.Agent.Tests.Engines;
using BuildFarm.Agent.Tests.Features.Builds;
using BuildFarm.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Agent.Tests.Features.Registration;

/// <summary>What a heartbeat says of the agent's builds. Heartbeats go straight to the broker while build events wait
/// their turn in the outbox, and reach the scheduler through another queue: after a broker outage a heartbeat came
/// before the result of a build that ended meanwhile, and a build missing from it was taken away as lost and run again.
/// So it names the attempts that ended and whose result may not have been read yet.</summary>
[Collection(EngineCollection.Name)]
public sealed class AgentInfoCollectorTests(EngineFixture fixture) : IDisposable
{
    readonly TempDir _data = new();
    readonly GitRepo _repo = new();

    public void Dispose()
    {
        _repo.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Should_name_a_build_that_ended_in_a_broker_outage_as_ended_while_its_result_waits_and_after_it_is_sent()
    {
        _repo.Write("Dockerfile", $"FROM {BusyboxBase.Reference}\nRUN echo {Guid.NewGuid():N}\n").Commit();
        await using var agent = await AgentHarness.StartAsync(fixture.Host, _data.Path);
        var outage = new BrokerOutage();
        agent.Bus.Bus.ConnectPublishObserver(outage);
        var outbox = agent.Services.GetRequiredService<EventOutbox>();
        var collector = agent.Services.GetRequiredService<AgentInfoCollector>();
        agent.Answer = q =>
        {
            outage.Down = true;
            return new AttemptChecked(q.BuildId, q.Attempt, true, null);
        };
        var job = new StartBuild(Guid.NewGuid(), 1,
            new BuildSpec(_repo.Url, "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false));

        await agent.SendAsync(job);
        await AgentHarness.UntilAsync(() => outbox.InMemory.OfType<BuildFinished>().Any(m => m.BuildId == job.BuildId)
                                             && !agent.Slots.Held.Contains(job.BuildId),
            "the build ended, left its slot and queued its result", TimeSpan.FromMinutes(2));

        var waiting = await collector.CollectAsync(CancellationToken.None);
        outage.Down = false;
        await agent.PublishedAsync<BuildFinished>(m => m.BuildId == job.BuildId);
        await AgentHarness.UntilAsync(() => !outbox.InMemory.OfType<BuildFinished>().Any(), "the result left the outbox");
        var sent = await collector.CollectAsync(CancellationToken.None);

        Assert.DoesNotContain(job.BuildId, waiting.RunningBuilds);
        Assert.Equal([new EndedAttempt(job.BuildId, 1)], waiting.EndedAttempts);
        Assert.Equal([new EndedAttempt(job.BuildId, 1)], sent.EndedAttempts);
        await agent.AssertNoFaultsAsync();
    }

    [Fact]
    public async Task Should_not_report_the_engine_down_while_another_client_reads_its_disk_usage()
    {
        await using var agent = await AgentHarness.StartAsync(fixture.Host, _data.Path);
        var collector = agent.Services.GetRequiredService<AgentInfoCollector>();
        using var neighbour = new EngineConnection(fixture.Host);
        var neighbourCache = new EngineBuildCache(neighbour);
        using var stop = new CancellationTokenSource();
        var refusals = 0;
        // Another agent on the same engine reading its disk usage over and over: Engine 20.10 fails every disk-usage
        // request that comes while one runs.
        var busy = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await neighbourCache.GetRecordsAsync(stop.Token);
                }
                catch (DockerEngineException)
                {
                    Interlocked.Increment(ref refusals);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        var reports = new List<AgentInfo>();
        for (var i = 0; i < 40; i++)
            reports.Add(await collector.CollectAsync(CancellationToken.None));
        await stop.CancelAsync();
        await busy;

        Assert.All(reports, r => Assert.Null(r.DockerError));
        Assert.All(reports, r => Assert.NotNull(r.DockerVersion));
    }
}
