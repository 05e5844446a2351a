namespace BuildFarm.EndToEnd.Farm;

/// <summary>The real services scripts/test.sh starts and names in environment variables.</summary>
public sealed record TestServices(IReadOnlyList<string> DockerHosts, string RabbitMq, string Registry, string BaseImage)
{
    public static TestServices? FromEnvironment()
    {
        var hosts = Environment.GetEnvironmentVariable("BUILDFARM_TEST_DOCKER_HOSTS")?
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var rabbitMq = Environment.GetEnvironmentVariable("BUILDFARM_TEST_RABBITMQ");
        var registry = Environment.GetEnvironmentVariable("BUILDFARM_TEST_REGISTRY");
        var baseImage = Environment.GetEnvironmentVariable("BUILDFARM_TEST_BASE_IMAGE");
        if (hosts.Length < 2 || rabbitMq is null || registry is null || baseImage is null)
            return null;
        return new TestServices(hosts, rabbitMq, registry, baseImage);
    }

    /// <summary>Set by scripts/test.sh: the end-to-end tests must run, never skip.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("BUILDFARM_TEST_REQUIRE_SERVICES") == "1";

    /// <summary>The two engines of the end-to-end agents: the last two, since agent tests use the first.</summary>
    public (string First, string Second) AgentEngines => (DockerHosts[^2], DockerHosts[^1]);

    /// <summary>Every engine but the first (the agent tests'): the engines a test of several agents may use, one
    /// agent each. Tests in the farm collection run one at a time, so they never build on them at once.</summary>
    public IReadOnlyList<string> SpareEngines => DockerHosts.Skip(1).ToList();
}

/// <summary>A fact that needs the real farm services; skipped with the reason when they are not there.</summary>
public sealed class EndToEndFactAttribute : FactAttribute
{
    public EndToEndFactAttribute()
    {
        // scripts/test.sh (and so CI) starts the services and requires them: there a missing service is a failure, not a skip.
        if (TestServices.FromEnvironment() is null && !TestServices.Required)
            Skip = "needs real Docker engines, registry and RabbitMQ: run scripts/test.sh";
    }
}
