using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Secrets;
using BuildFarm.Web.Features.Credentials;
using BuildFarm.Web.Tests.Features.Builds;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests.Features.Credentials;

/// <summary>Web's answer to an agent's request, over the Web host's own bus, against its real database and keys.</summary>
[Collection(WebCollection.Name)]
public class GetPushCredentialsConsumerTests(WebFixture web)
{
    [Fact]
    public async Task Should_send_the_running_agent_only_the_logins_of_its_builds_registries_sealed_to_its_key()
    {
        var (build, agent, registry) = await SeedAsync(BuildStatus.Running, AgentAdmission.Approved);
        await SaveAsync("unrelated.example.com", "other", "not-for-this-build");
        using var key = new SecretBox();

        var answer = await AskAsync(new GetPushCredentials(build.Id, 1, agent, [registry, "unrelated.example.com"], key.PublicKey));

        Assert.True(answer.Is(out Response<PushCredentialsGranted>? granted), Refusal(answer));
        var logins = RegistryLogin.Unpack(key.Open(granted!.Message.Logins, RegistryLogin.Binding(build.Id, 1)));
        Assert.Equal([new RegistryLogin(registry, "robot", "Pw-for-" + registry)], logins);
    }

    [Theory]
    [InlineData(BuildStatus.Running, AgentAdmission.Approved, "impostor", 1, "the build is on attempt 1, on {agent}, not attempt 1 on impostor")]
    [InlineData(BuildStatus.Running, AgentAdmission.Approved, null, 2, "the build is on attempt 1, on {agent}, not attempt 2 on {agent}")]
    [InlineData(BuildStatus.Succeeded, AgentAdmission.Approved, null, 1, "the build has succeeded")]
    [InlineData(BuildStatus.Running, AgentAdmission.Pending, null, 1, "agent {agent} is pending: only an approved agent receives credentials")]
    [InlineData(BuildStatus.Running, AgentAdmission.Revoked, null, 1, "agent {agent} is revoked: only an approved agent receives credentials")]
    public async Task Should_refuse_any_agent_but_the_admitted_one_running_the_current_attempt(
        string status, string admission, string? asker, int attempt, string reason)
    {
        var (build, agent, registry) = await SeedAsync(status, admission);
        using var key = new SecretBox();

        var answer = await AskAsync(new GetPushCredentials(build.Id, attempt, asker ?? agent, [registry], key.PublicKey));

        Assert.True(answer.Is(out Response<PushCredentialsRefused>? refused), "credentials went to an agent that may not have them");
        Assert.Equal(reason.Replace("{agent}", agent), refused!.Message.Reason);
    }

    async Task<(Build Build, string Agent, string Registry)> SeedAsync(string status, string admission)
    {
        var agent = SeededBuild.Agent();
        agent.Admission = admission;
        var registry = $"push-{Guid.NewGuid():N}"[..14] + ".example.com";
        var build = status == BuildStatus.Running ? SeededBuild.Running(agent.Id) : SeededBuild.Finished(agent.Id);
        build.Status = status;
        build.Push = true;
        build.Tags = [$"{registry}/team/trainer:1"];
        await web.WithDbAsync(db =>
        {
            db.Agents.Add(agent);
            db.Builds.Add(build);
            return db.SaveChangesAsync();
        });
        await SaveAsync(registry, "robot", "Pw-for-" + registry);
        return (build, agent.Id, registry);
    }

    async Task SaveAsync(string registry, string username, string password)
    {
        var cipher = web.Services.GetRequiredService<CredentialCipher>();
        await web.WithDbAsync(db =>
        {
            db.RegistryCredentials.Add(new RegistryCredential
            {
                Id = Guid.NewGuid(), Registry = registry, Username = username, ProtectedSecret = cipher.Protect(password),
                CreatedAt = SeededBuild.T0, UpdatedAt = SeededBuild.T0,
            });
            return db.SaveChangesAsync();
        });
    }

    Task<Response<PushCredentialsGranted, PushCredentialsRefused>> AskAsync(GetPushCredentials question) =>
        web.Services.GetRequiredService<IBus>().CreateRequestClient<GetPushCredentials>(TimeSpan.FromSeconds(10))
            .GetResponse<PushCredentialsGranted, PushCredentialsRefused>(question);

    static string Refusal(Response<PushCredentialsGranted, PushCredentialsRefused> answer) =>
        answer.Is(out Response<PushCredentialsRefused>? refused) ? $"refused: {refused!.Message.Reason}" : "";
}
