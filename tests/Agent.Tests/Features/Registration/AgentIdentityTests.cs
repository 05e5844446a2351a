using BuildFarm.Agent.Features.Registration;

namespace BuildFarm.Agent.Tests.Features.Registration;

public class AgentIdentityTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("agent-identity-").FullName;

    [Fact]
    public void Should_keep_the_same_id_across_restarts()
    {
        var options = new AgentOptions { Name = "GPU Box #1" };
        var first = AgentIdentity.Load(options, _dir);
        var second = AgentIdentity.Load(options, _dir);

        Assert.Equal(first.Id, second.Id);
        Assert.Matches("^gpu-box--1-[0-9a-f]{6}$", first.Id);
        Assert.Equal(Path.Combine(_dir, "agent"), first.DataDir);
    }

    [Fact]
    public void Should_give_agents_with_separate_data_folders_separate_ids()
    {
        var a = AgentIdentity.Load(new AgentOptions { Name = "box", DataDir = Path.Combine(_dir, "a") }, _dir);
        var b = AgentIdentity.Load(new AgentOptions { Name = "box", DataDir = Path.Combine(_dir, "b") }, _dir);

        Assert.NotEqual(a.Id, b.Id);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
