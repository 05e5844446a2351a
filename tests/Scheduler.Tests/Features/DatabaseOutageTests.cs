using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Builds;
using BuildFarm.Testing;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Tests.Features;

/// <summary>The scheduler's database restarts under it: on a PostgreSQL cluster of these tests' own, stopped and
/// started again while the scheduler keeps running.</summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    /// <summary>Longer than the quick retries (about 6 s) after which a consumer used to give a message up.</summary>
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    PrivatePostgres? postgres;

    public async Task InitializeAsync()
    {
        if (PrivatePostgres.Installed)
            postgres = await PrivatePostgres.StartAsync();
    }

    [PrivatePostgresFact]
    public async Task Should_hold_an_agents_build_events_while_the_database_is_away_and_apply_them_in_order_after()
    {
        await using var farm = await SchedulerHarness.StartAsync(await postgres!.CreateFarmDatabaseAsync());
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned, "assigned");
        var at = farm.Clock.GetUtcNow();

        await postgres.StopAsync();
        await farm.Bus.Bus.Publish(new BuildStarted(id, 1, "gpu-1", at));
        await farm.Bus.Bus.Publish(new StepStarted(id, 1, 1, null, "RUN make", at));
        await farm.Bus.Bus.Publish(new StepCompleted(id, 1, 1, null, "RUN make", at, at.AddSeconds(3), false, null));
        await farm.Bus.Bus.Publish(new BuildFinished(id, 1, "gpu-1", BuildOutcome.Succeeded, "sha256:abc", 10, 3000, 0, 1, null, null, at.AddSeconds(3)));
        await Task.Delay(Outage); // the outage itself
        await postgres.StartAgainAsync();

        var build = await farm.WaitForAsync(id, b => b.Status == BuildStatus.Succeeded, "succeeded after the outage");
        var step = Assert.Single(build.Steps);
        Assert.Equal(3000, step.DurationMs);
        Assert.Equal(1, build.Attempt);
        Assert.Single(build.Events, e => e.Status == BuildStatus.Succeeded);
        await farm.AssertNoFaultsAsync();
    }

    [PrivatePostgresFact]
    public async Task Should_not_mark_agents_offline_for_heartbeats_it_could_not_record_while_the_database_was_away()
    {
        await using var farm = await SchedulerHarness.StartAsync(await postgres!.CreateFarmDatabaseAsync());
        await farm.RegisterAsync(SchedulerHarness.Agent("gpu-1"));
        var id = await farm.QueueAsync();
        await farm.WaitForAsync(id, b => b.Status == BuildStatus.Assigned && b.AgentId == "gpu-1", "on gpu-1");

        await postgres.StopAsync();
        // A minute of sweeps on the scheduler's clock, twice the 30 s after which a silent agent is offline.
        var swept = await SweepThroughAsync(farm, TimeSpan.FromSeconds(60));
        await postgres.StartAgainAsync();
        await SweepThroughAsync(farm, TimeSpan.FromSeconds(20));

        Assert.True(swept.Failed > 0, "every sweep during the outage should have failed to read the agents");
        Assert.Equal(AgentStatus.Online, await StatusOfAsync(farm, "gpu-1"));
        var build = await farm.BuildAsync(id);
        Assert.Equal((BuildStatus.Assigned, 1), (build.Status, build.Attempt));

        // Silence still counts once the database is back: an agent that stays silent is judged as before.
        await SweepThroughAsync(farm, TimeSpan.FromSeconds(20));
        Assert.Equal(AgentStatus.Offline, await StatusOfAsync(farm, "gpu-1"));
        await farm.AssertNoFaultsAsync();
    }

    /// <summary>Lets time pass on the scheduler's clock with a sweep each period, as its loop would; sweeps that cannot
    /// reach the database fail, as they do in the loop, which logs them and carries on.</summary>
    static async Task<(int Done, int Failed)> SweepThroughAsync(SchedulerHarness farm, TimeSpan span)
    {
        var period = TimeSpan.FromSeconds(5);
        var (done, failed) = (0, 0);
        for (var left = span; left > TimeSpan.Zero; left -= period)
        {
            farm.Clock.Advance(period);
            try
            {
                await farm.Liveness.SweepAsync(CancellationToken.None);
                done++;
            }
            catch (Exception e) when (DatabaseOutage.Is(e))
            {
                failed++;
            }
        }
        return (done, failed);
    }

    static Task<string> StatusOfAsync(SchedulerHarness farm, string id) =>
        farm.WithDbAsync(async db => (await db.Agents.AsNoTracking().SingleAsync(a => a.Id == id)).Status);

    public async Task DisposeAsync()
    {
        if (postgres is not null)
            await postgres.DisposeAsync();
    }
}
