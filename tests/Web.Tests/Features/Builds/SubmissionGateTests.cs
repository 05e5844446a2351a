using BuildFarm.Web.Features.Builds;

namespace BuildFarm.Web.Tests.Features.Builds;

public sealed class SubmissionGateTests
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Should_let_a_submission_wait_while_its_width_are_planning_and_go_when_one_is_done()
    {
        var gate = new SubmissionGate(2);
        var first = await gate.EnterAsync(CancellationToken.None);
        using var second = await gate.EnterAsync(CancellationToken.None);

        var third = gate.EnterAsync(CancellationToken.None);
        await Task.Yield();
        Assert.False(third.IsCompleted, "a third submission planned beside two");

        first.Dispose();
        using var turn = await third.WaitAsync(Deadline);
    }

    [Fact]
    public async Task Should_give_a_turn_back_once_however_often_it_is_disposed()
    {
        var gate = new SubmissionGate(1);
        var turn = await gate.EnterAsync(CancellationToken.None);
        turn.Dispose();
        turn.Dispose();

        using var next = await gate.EnterAsync(CancellationToken.None);
        var after = gate.EnterAsync(CancellationToken.None);
        await Task.Yield();

        Assert.False(after.IsCompleted, "a disposed turn was given back twice");
    }

    [Fact]
    public async Task Should_let_a_waiting_submission_go_when_its_request_is_cancelled_without_taking_a_turn()
    {
        var gate = new SubmissionGate(1);
        var held = await gate.EnterAsync(CancellationToken.None);
        using var gone = new CancellationTokenSource();

        var waiting = gate.EnterAsync(gone.Token);
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        held.Dispose();
        using var next = await gate.EnterAsync(CancellationToken.None).WaitAsync(Deadline);
    }

    [Fact]
    public void Should_refuse_a_width_under_one_with_the_setting_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SubmissionGate(0));

        Assert.StartsWith("Farm:PlanningConcurrency must be 1 or more.", e.Message);
    }
}
