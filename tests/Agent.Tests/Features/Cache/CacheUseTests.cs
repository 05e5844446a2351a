using BuildFarm.Agent.Features.Cache;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Tests.Features.Cache;

public class CacheUseTests
{
    const string Base = "sha256:base";

    // FROM base AS builder / ENV A=1 / RUN make / COPY . . (builder), then FROM base / ARG V / COPY --from=builder / CMD.
    static readonly IReadOnlyList<StepKey> Plan =
    [
        new("builder", 0, 1, Base), new("builder", 1, null, "b-env"), new("builder", 2, 2, "b-run"), new("builder", 3, 3, "b-copy"),
        new("stage-1", 0, 1, Base), new("stage-1", 1, null, "t-arg"), new("stage-1", 2, 2, "t-copy"), new("stage-1", 3, null, "t-cmd"),
    ];

    static StepCompleted Step(string? key, bool cached = false, string? error = null) =>
        new(Guid.Empty, 1, 0, null, "RUN x", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, cached, error, key);

    [Fact]
    public void Should_hold_every_planned_key_once_the_image_is_built()
    {
        var held = CacheUse.Held(Plan, [Step("b-run")], built: true);

        Assert.Equal([Base, "b-env", "b-run", "b-copy", "t-arg", "t-copy", "t-cmd"], held);
    }

    [Fact]
    public void Should_hold_completed_steps_the_FROM_of_their_stage_and_config_steps_before_them_when_the_build_failed()
    {
        var held = CacheUse.Held(Plan, [Step("b-run", cached: true), Step("b-copy", error: "exit 1")], built: false);

        Assert.Equal([Base, "b-env", "b-run"], held);
    }

    [Fact]
    public void Should_hold_a_stages_FROM_even_when_BuildKit_named_the_shared_FROM_vertex_after_another_stage()
    {
        var held = CacheUse.Held(Plan, [Step("b-run"), Step("b-copy"), Step("t-copy", error: "failed")], built: false);

        Assert.Contains(Base, held);
        Assert.DoesNotContain("t-arg", held);
        Assert.DoesNotContain("t-cmd", held);
    }

    [Fact]
    public void Should_not_hold_config_steps_after_the_last_completed_step_of_a_failed_build()
    {
        var held = CacheUse.Held(Plan, [Step(Base), Step("b-run"), Step("b-copy"), Step("t-copy")], built: false);

        Assert.Contains("t-arg", held);
        Assert.DoesNotContain("t-cmd", held);
    }

    [Fact]
    public void Should_hold_nothing_of_a_build_without_a_plan()
    {
        Assert.Empty(CacheUse.Held([], [Step(null)], built: true));
        Assert.Empty(CacheUse.Held([], [Step(null)], built: false));
    }

    [Fact]
    public void Should_find_missing_the_inventory_keys_whose_step_BuildKit_ran_and_that_then_failed()
    {
        var steps = new[] { Step("b-run", cached: true), Step("b-copy", error: "exit 1"), Step("t-copy", error: "context canceled") };
        var inventory = new HashSet<string> { Base, "b-run", "b-copy" };

        var missing = CacheUse.Missing(steps, inventory, CacheUse.Held(Plan, steps, built: false));

        Assert.Equal(["b-copy"], missing);
    }

    [Fact]
    public void Should_not_call_missing_a_key_the_attempt_also_holds()
    {
        var steps = new[] { Step("k", error: "exit 1"), Step("k") };

        Assert.Empty(CacheUse.Missing(steps, new HashSet<string> { "k" }, ["k"]));
    }
}
