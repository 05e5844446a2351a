using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Placement;
using BuildFarm.Shared.Placement;
using BuildFarm.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

public class WaitingBuildsTests
{
    static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-05T10:00:00Z");
    const string Busy = "waiting for gpu-1, busy (3/1 builds, 2 queued, the cap is 2): 0/1 steps cached, saves 0 s, queue 60 s";

    static WaitingBuilds Waiting() => new(Options.Create(new SchedulerOptions()), NullLogger.Instance);

    static PlacementDecision Decision(string reason) => new(null, reason, []);

    static async Task<bool> RewrittenAsync(WaitingBuilds waiting, FarmDbContext db, Build build, string reason, DateTimeOffset at)
    {
        var pass = new PlacementPass();
        waiting.Prune(at);
        await waiting.WaitAsync(db, pass, build, Decision(reason), at, CancellationToken.None);
        return pass.Changed.Contains(build);
    }

    [Fact]
    public async Task Should_write_a_reason_whose_figures_alone_moved_only_once_the_refresh_has_passed()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.WithDbAsync(async db =>
        {
            var waiting = Waiting();
            var build = new Build { Id = Guid.NewGuid(), QueuedAt = Now };
            Assert.True(await RewrittenAsync(waiting, db, build, Busy, Now));

            var moved = Busy.Replace("queue 60 s", "queue 58 s").Replace("gpu-1", "gpu-2");
            Assert.False(await RewrittenAsync(waiting, db, build, moved, Now.AddSeconds(1)));
            Assert.Equal(Busy, build.WaitingReason);

            Assert.True(await RewrittenAsync(waiting, db, build, moved, Now + WaitingBuilds.FiguresRefresh));
            Assert.Equal(moved, build.WaitingReason);
        });
    }

    [Fact]
    public async Task Should_write_a_reason_whose_words_changed_at_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.WithDbAsync(async db =>
        {
            var waiting = Waiting();
            var build = new Build { Id = Guid.NewGuid(), QueuedAt = Now };
            Assert.True(await RewrittenAsync(waiting, db, build, Busy, Now));

            const string offline = "only gpu-1 (offline) has labels gpu=a100; gpu-2: lacks label gpu=a100";
            Assert.True(await RewrittenAsync(waiting, db, build, offline, Now.AddSeconds(1)));
            Assert.Equal(offline, build.WaitingReason);
        });
    }
}
