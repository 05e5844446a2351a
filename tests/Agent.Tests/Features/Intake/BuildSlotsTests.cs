using BuildFarm.Agent.Features.Intake;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Intake;

public class BuildSlotsTests
{
    static readonly BuildSpec Spec = new("https://git.example/r.git", "main", "Dockerfile", ".", null,
        new Dictionary<string, string>(), [], false, false);

    [Fact]
    public void Should_take_a_redelivered_start_only_once()
    {
        var slots = new BuildSlots();
        var start = new StartBuild(Guid.NewGuid(), 1, Spec);

        Assert.True(slots.TryAccept(start));
        Assert.False(slots.TryAccept(start));
        Assert.Equal([start.BuildId], slots.Held);
    }

    [Fact]
    public async Task Should_hand_pending_builds_to_the_worker_in_order()
    {
        var slots = new BuildSlots();
        var a = new StartBuild(Guid.NewGuid(), 1, Spec);
        var b = new StartBuild(Guid.NewGuid(), 1, Spec);
        slots.TryAccept(a);
        slots.TryAccept(b);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var taken = new List<Guid>();
        await foreach (var job in slots.PendingAsync(cts.Token))
        {
            taken.Add(job.Start.BuildId);
            slots.Release(job);
            if (taken.Count == 2)
                break;
        }

        Assert.Equal([a.BuildId, b.BuildId], taken);
        Assert.Empty(slots.Held);
    }

    [Fact]
    public void Should_cancel_only_the_attempt_it_holds()
    {
        var slots = new BuildSlots();
        var start = new StartBuild(Guid.NewGuid(), 2, Spec);
        slots.TryAccept(start);

        Assert.False(slots.TryCancel(start.BuildId, 1));
        Assert.True(slots.TryCancel(start.BuildId, 2));
        Assert.False(slots.TryCancel(Guid.NewGuid(), 1));
    }

    [Fact]
    public void Should_cancel_an_older_attempt_when_a_newer_one_arrives()
    {
        var slots = new BuildSlots();
        var id = Guid.NewGuid();
        slots.TryAccept(new StartBuild(id, 1, Spec));
        Assert.True(slots.TryCancel(id, 1) is true);

        Assert.True(slots.TryAccept(new StartBuild(id, 2, Spec)));
        Assert.False(slots.TryCancel(id, 1));
        Assert.True(slots.TryCancel(id, 2));
    }

    [Fact]
    public void Should_not_let_an_older_attempt_that_arrives_late_stop_the_newer_one()
    {
        var slots = new BuildSlots();
        var id = Guid.NewGuid();
        Assert.True(slots.TryAccept(new StartBuild(id, 2, Spec)));

        Assert.False(slots.TryAccept(new StartBuild(id, 1, Spec)));

        Assert.Equal([id], slots.Held);
        Assert.True(slots.TryCancel(id, 2));
    }

    [Fact]
    public async Task Should_take_a_start_delivered_twice_at_once_only_once()
    {
        var slots = new BuildSlots();
        var start = new StartBuild(Guid.NewGuid(), 1, Spec);

        var accepted = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => slots.TryAccept(start))));

        Assert.Single(accepted, a => a);
        Assert.Equal([start.BuildId], slots.Held);
    }
}
