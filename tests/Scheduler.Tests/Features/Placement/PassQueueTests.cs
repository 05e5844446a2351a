using BuildFarm.Scheduler.Features.Placement;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

public class PassQueueTests
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>A pass whose locked part (reading the queue, deciding) runs until the test lets it end.</summary>
    sealed class HeldPass
    {
        readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;
        public void Release() => _release.SetResult();
        public void Fail(Exception e) => _release.SetException(e);

        public async Task LockedAsync()
        {
            _entered.SetResult();
            await _release.Task;
        }
    }

    [Fact]
    public async Task Should_let_a_caller_that_comes_while_a_pass_waits_to_start_join_that_pass()
    {
        var passes = new PassQueue();
        var (running, waiting, joiner) = (new HeldPass(), new HeldPass(), new HeldPass());
        var first = passes.RunAsync(running.LockedAsync, () => Task.CompletedTask, CancellationToken.None);
        await running.Entered.WaitAsync(Bound);
        var second = passes.RunAsync(waiting.LockedAsync, () => Task.CompletedTask, CancellationToken.None);
        var third = passes.RunAsync(joiner.LockedAsync, () => Task.CompletedTask, CancellationToken.None);

        running.Release();
        await waiting.Entered.WaitAsync(Bound);
        Assert.False(third.IsCompleted, "the caller who joined returned before the pass it joined was done");
        waiting.Release();

        await Task.WhenAll(first, second, third).WaitAsync(Bound);
        Assert.False(joiner.Entered.IsCompleted, "the caller who joined ran a pass of its own");
    }

    [Fact]
    public async Task Should_give_a_caller_a_pass_of_its_own_once_the_waiting_pass_has_started()
    {
        var passes = new PassQueue();
        var (running, next, later) = (new HeldPass(), new HeldPass(), new HeldPass());
        var first = passes.RunAsync(running.LockedAsync, () => Task.CompletedTask, CancellationToken.None);
        await running.Entered.WaitAsync(Bound);
        var second = passes.RunAsync(next.LockedAsync, () => Task.CompletedTask, CancellationToken.None);
        running.Release();
        await next.Entered.WaitAsync(Bound);

        // The second pass may already have read the queue: what this caller saved needs a pass after it.
        var third = passes.RunAsync(later.LockedAsync, () => Task.CompletedTask, CancellationToken.None);
        Assert.False(later.Entered.IsCompleted, "two passes held the lock at once");
        next.Release();
        await later.Entered.WaitAsync(Bound);
        later.Release();

        await Task.WhenAll(first, second, third).WaitAsync(Bound);
    }

    [Fact]
    public async Task Should_let_the_next_pass_run_while_the_one_before_sends()
    {
        var passes = new PassQueue();
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var next = new HeldPass();
        var first = passes.RunAsync(() => Task.CompletedTask, () => sending.Task, CancellationToken.None);

        var second = passes.RunAsync(next.LockedAsync, () => Task.CompletedTask, CancellationToken.None);

        await next.Entered.WaitAsync(Bound);
        next.Release();
        await second.WaitAsync(Bound);
        Assert.False(first.IsCompleted);
        sending.SetResult();
        await first.WaitAsync(Bound);
    }

    [Fact]
    public async Task Should_fail_those_who_joined_with_the_failure_of_the_pass_they_joined()
    {
        var passes = new PassQueue();
        var (running, waiting) = (new HeldPass(), new HeldPass());
        var first = passes.RunAsync(running.LockedAsync, () => Task.CompletedTask, CancellationToken.None);
        await running.Entered.WaitAsync(Bound);
        var second = passes.RunAsync(waiting.LockedAsync, () => Task.CompletedTask, CancellationToken.None);
        var joined = passes.RunAsync(() => Task.CompletedTask, () => Task.CompletedTask, CancellationToken.None);

        running.Release();
        await waiting.Entered.WaitAsync(Bound);
        waiting.Fail(new InvalidOperationException("the database went away"));

        await first.WaitAsync(Bound);
        Assert.Equal("the database went away", (await Assert.ThrowsAsync<InvalidOperationException>(() => second)).Message);
        Assert.Equal("the database went away", (await Assert.ThrowsAsync<InvalidOperationException>(() => joined)).Message);
        // The lock is free again: a later pass runs.
        await passes.RunAsync(() => Task.CompletedTask, () => Task.CompletedTask, CancellationToken.None).WaitAsync(Bound);
    }
}
