using System.Diagnostics;
using BuildFarm.EndToEnd.Farm;
using Xunit.Abstractions;

namespace BuildFarm.EndToEnd.Faults;

/// <summary>
/// Web, the only part holding the keys to registry credentials, is gone when an agent starts a build that pushes. The
/// agent's request goes unanswered; the build must fail with that reason, once, rather than build blind, wait forever,
/// or count as lost and run again on another agent only to fail the same way.
/// </summary>
[Collection(FarmCollection.Name)]
public class PushCredentialOutageTests(FarmFixture farm, ITestOutputHelper output)
{
    /// <summary>The agent's wait for Web's answer, short so the test is: the default is 30 s.</summary>
    const int AnswerSeconds = 5;

    [EndToEndFact]
    public async Task Should_fail_a_pushing_build_once_with_the_reason_when_web_cannot_hand_out_credentials()
    {
        var nonce = Guid.NewGuid().ToString("N")[..12];
        var agent = $"push-outage-{nonce}"[..20];
        await farm.AddAgentAsync(agent, farm.Services!.SpareEngines[0], new Dictionary<string, string>
        {
            ["Agent__Labels__pool"] = nonce,
            ["Agent__PushCredentialsTimeout"] = $"00:00:0{AnswerSeconds}",
        });
        var source = farm.NewRepository($"push-outage-{nonce}");
        source.Write("Dockerfile", $"FROM {farm.Services.BaseImage}\nRUN echo {nonce} > /built\n");
        source.Commit("An image to push while Web is away");

        // The agent is stopped while the build is queued for it, and started again once Web is gone: it then takes the
        // build, asks Web for the credentials, and nobody answers.
        await farm.KillAgentAsync(agent);
        // Offline first, so the build waits in the farm's queue rather than in the dead agent's, to be lost from it.
        await Eventually.Until(farm.Api.AgentsAsync, agents => agents.Any(a => a.Name == agent && a.Status == "offline"),
            TimeSpan.FromSeconds(30), _ => $"{agent} never went offline");
        var id = await farm.Api.SubmitAsync(new
        {
            repository = source.Url, @ref = "main", tags = new[] { $"localhost:5999/e2e/outage:{nonce}" }, push = true,
            requiredLabels = new Dictionary<string, string> { ["pool"] = nonce },
        });
        await farm.Api.WaitForAsync(id, b => b is { Status: "queued", WaitingReason: not null }, "waited for its agent", TimeSpan.FromSeconds(30));
        await farm.KillWebAsync();
        await farm.StartAgentAgainAsync(agent);
        var clock = Stopwatch.StartNew();
        await Eventually.Until(() => Task.FromResult(farm.Log(agent)), log => log.Contains($"Build {id} attempt 1 finished: Failed"),
            TimeSpan.FromSeconds(90), _ => $"the agent never failed build {id}\n{farm.Diagnostics()}");
        var failedAfter = clock.Elapsed;
        await farm.RestartWebAsync();
        await Eventually.Until(farm.Api.AgentsAsync, _ => true, TimeSpan.FromSeconds(120), _ => "Web never answered again");
        var build = await farm.Api.WaitForFinishAsync(id);

        output.WriteLine($"the build failed {failedAfter.TotalSeconds:0.0} s after its agent came back to a farm without Web " +
                         $"(the agent waits {AnswerSeconds} s for an answer): {build.Error}");
        Assert.True(build.Status == "failed", FarmApi.Describe(build));
        Assert.Equal($"Could not get the credentials to push to localhost:5999: no answer from Web within {AnswerSeconds} s " +
                     "(Web or the message broker is unavailable).", build.Error);
        Assert.Equal(1, build.Attempt);
        Assert.Equal("failed", Assert.Single(build.Attempts!).Outcome);
        Assert.Empty(build.Steps); // nothing was built: a build that cannot push is refused before it spends the engine
        await farm.KillAgentAsync(agent);
    }
}
