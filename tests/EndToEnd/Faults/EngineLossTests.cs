using System.Diagnostics;
using BuildFarm.EndToEnd.Farm;
using Xunit.Abstractions;

namespace BuildFarm.EndToEnd.Faults;

/// <summary>
/// The Docker engine under an agent dies mid-build: the build is the infrastructure's loss, not the user's failure. It
/// runs again on a healthy agent, the agent says at once that its engine is down and takes no build until it answers
/// again, then recovers by itself. A step that really fails in the Dockerfile still fails the build.
/// </summary>
[Collection(FarmCollection.Name)]
public class EngineLossTests(FarmFixture farm, ITestOutputHelper output)
{
    const string Victim = "engine-loss-victim";
    const string Healthy = "engine-loss-healthy";
    /// <summary>Long enough to kill the engine in the middle of it, short enough to run again in full elsewhere.</summary>
    const int LongStepSeconds = 25;
    /// <summary>The agent beats at once when its engine is lost; a few seconds is what a loaded machine adds.</summary>
    static readonly TimeSpan Promptly = TimeSpan.FromSeconds(10);
    static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    static readonly Dictionary<string, string> OnlyTheVictim = new() { ["engine"] = "private" };

    [EndToEndFact]
    public async Task Should_requeue_a_build_whose_engine_was_killed_onto_a_healthy_agent_and_take_builds_again_once_the_engine_is_back()
    {
        var services = farm.Services!;
        // The victim is the farm's only agent when the build is placed, so the build lands on the engine the test owns.
        var faulty = new FarmFixture("engine-loss", new Dictionary<string, string>(), new Dictionary<string, string>());
        Directory.CreateDirectory(Path.Combine(faulty.RunDir, "logs"));
        await using var engine = await PrivateEngine.StartAsync(Path.Combine(faulty.RunDir, "logs", "dockerd-private.log"));
        // Declared after the engine, so its agents stop before the engine is taken down.
        await using var stopFarm = faulty;
        await faulty.InitializeAsync();
        await faulty.AddAgentAsync(Victim, engine.Host, new Dictionary<string, string> { ["Agent__Labels__engine"] = "private" });
        var api = faulty.Api;
        var victim = (await api.AgentsAsync()).Single(a => a.Name == Victim);

        var id = await api.SubmitAsync(Repository(faulty, "engine-loss", $"RUN echo {Guid.NewGuid():N} && echo 'long step' && sleep {LongStepSeconds}"));
        var running = await api.WaitForAsync(id,
            b => b.Status == "running" && b.Steps.Any(s => s.Instruction.Contains("sleep") && s.Status == "running"), "reached the long step");
        Assert.Equal(victim.Id, running.Agent);

        var outage = Stopwatch.StartNew();
        await engine.KillAsync();

        var down = await Eventually.Until(api.AgentsAsync, agents => agents.Single(a => a.Name == Victim).DockerError is not null, Deadline,
            agents => $"{Victim} never reported its engine down\n{faulty.Diagnostics()}");
        var unhealthyAfter = outage.Elapsed;
        var reported = down.Single(a => a.Name == Victim);
        Assert.True(unhealthyAfter < Promptly, $"unhealthy only after {unhealthyAfter.TotalSeconds:0.0} s");
        Assert.Equal("online", reported.Status);
        Assert.Contains(engine.Host, reported.DockerError);

        var requeued = await api.WaitForAsync(id, b => b.Attempts?.Any(a => a.Number == 1 && a.Outcome == "lost") == true,
            "recorded its first attempt lost");
        var lostAfter = outage.Elapsed;
        var first = requeued.Attempts!.Single(a => a.Number == 1);
        Assert.Equal(victim.Id, first.Agent);
        Assert.StartsWith($"lost to the infrastructure on {victim.Id}: ", first.Reason);
        Assert.Contains(engine.Host, first.Reason);

        // A build only the victim may run waits while its engine is down, and says why.
        var pinnedId = await api.SubmitAsync(Repository(faulty, "engine-loss-pinned", $"RUN echo {Guid.NewGuid():N}"), OnlyTheVictim);
        var waited = (await api.WaitForAsync(pinnedId, b => b.WaitingReason?.Contains("Docker engine unavailable") == true,
            "waited for the victim's engine")).WaitingReason;

        await faulty.AddAgentAsync(Healthy, services.SpareEngines[0]);
        var healthy = (await api.AgentsAsync()).Single(a => a.Name == Healthy);
        var moved = await api.WaitForFinishAsync(id, Deadline);
        var movedAfter = outage.Elapsed;

        Assert.True(moved.Status == "succeeded", Story(moved, faulty));
        Assert.Equal(healthy.Id, moved.Agent);
        Assert.True(moved.Attempt == 2, Story(moved, faulty));
        Assert.Equal([(1, victim.Id, "lost"), (2, healthy.Id, "succeeded")], moved.Attempts!.Select(a => (a.Number, a.Agent, a.Outcome)));
        Assert.DoesNotContain(moved.Events!, e => e.Status == "failed");
        Assert.Contains(moved.Steps, s => s.Instruction.Contains("sleep") && s.Status == "done");
        // Nothing reached the victim while its engine was down: the pinned build was never placed.
        var pinned = await api.BuildAsync(pinnedId);
        Assert.True(pinned.Status == "queued" && pinned.Attempts is [], Story(pinned, faulty));

        await engine.RestartAsync();
        var downFor = outage.Elapsed;
        var answering = Stopwatch.StartNew();
        await Eventually.Until(api.AgentsAsync, agents => agents.Single(a => a.Name == Victim) is { Status: "online", DockerError: null },
            Deadline, agents => $"{Victim} never reported its engine back\n{faulty.Diagnostics()}");
        var healthyAfter = answering.Elapsed;

        pinned = await api.WaitForFinishAsync(pinnedId, Deadline);
        Assert.True(pinned.Status == "succeeded", Story(pinned, faulty));
        Assert.Equal([(1, victim.Id, "succeeded")], pinned.Attempts!.Select(a => (a.Number, a.Agent, a.Outcome)));

        output.WriteLine($"engine killed mid-step; {Victim} reported unhealthy after {unhealthyAfter.TotalSeconds:0.0} s " +
                         $"({reported.DockerError})");
        output.WriteLine($"attempt 1 recorded lost after {lostAfter.TotalSeconds:0.0} s: {first.Reason}");
        output.WriteLine($"build finished {moved.Status} on {Healthy} (attempt {moved.Attempt} of {moved.Attempts!.Count}) " +
                         $"{movedAfter.TotalSeconds:0.0} s after the kill; {LongStepSeconds} s step run again in full");
        output.WriteLine($"while the engine was down ({downFor.TotalSeconds:0.0} s) the build pinned to {Victim} waited: {waited}");
        output.WriteLine($"{Victim} healthy again {healthyAfter.TotalSeconds:0.0} s after its engine restarted; " +
                         $"the pinned build then {pinned.Status} there on attempt {pinned.Attempt}");
    }

    [EndToEndFact]
    public async Task Should_fail_a_build_whose_RUN_step_exits_3_on_a_healthy_engine_without_running_it_again()
    {
        var id = await farm.Api.SubmitAsync(Repository(farm, "step-exits-3", $"RUN echo {Guid.NewGuid():N} && exit 3"));

        var build = await farm.Api.WaitForFinishAsync(id);

        Assert.True(build.Status == "failed", Story(build, farm));
        Assert.Contains("exit code: 3", build.Error);
        var attempt = Assert.Single(build.Attempts!);
        Assert.Equal("failed", attempt.Outcome);
        Assert.DoesNotContain(build.Events!, e => e.Status == "queued" && e.Message.StartsWith("Requeued", StringComparison.Ordinal));
        Assert.All(await farm.Api.AgentsAsync(), a => Assert.True(a.DockerError is null, $"{a.Name}: {a.DockerError}"));
        output.WriteLine($"failed on attempt {build.Attempt} of {build.Attempts!.Count}: {build.Error}");
    }

    /// <summary>A repository of one commit whose Dockerfile is the test base image and <paramref name="step"/>.</summary>
    string Repository(FarmFixture on, string name, string step)
    {
        var repository = on.NewRepository(name);
        repository.Write("Dockerfile", $"FROM {farm.Services!.BaseImage}\n{step}\n");
        repository.Commit("One step");
        return repository.Url;
    }

    static string Story(BuildJson build, FarmFixture on) =>
        $"{FarmApi.Describe(build)}\nattempts: {string.Join("; ", build.Attempts?.Select(a => $"{a.Number} on {a.AgentName ?? a.Agent}: {a.Outcome} {a.Reason}") ?? [])}\n" +
        $"events:\n{string.Join('\n', build.Events?.Select(e => $"{e.At:O} {e.Status} {e.Message}") ?? [])}\n{on.Diagnostics()}";
}
