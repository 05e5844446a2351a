using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace BuildFarm.Web.Tests.Deployment;

/// <summary>docker-compose.yml cannot be run here, so these read it as Compose would and check what each service needs.</summary>
public class ComposeFileTests
{
    static readonly Lazy<Dictionary<string, object?>> Services = new(LoadServices);

    [Fact]
    public void Should_describe_rabbitmq_web_scheduler_and_agent()
    {
        Assert.Subset(Services.Value.Keys.ToHashSet(), new HashSet<string> { "rabbitmq", "web", "scheduler", "agent" });
        Assert.StartsWith("rabbitmq:", Scalar(Service("rabbitmq"), "image"));
    }

    [Theory]
    [InlineData("web")]
    [InlineData("scheduler")]
    [InlineData("agent")]
    public void Should_connect_every_farm_process_to_rabbitmq(string service)
    {
        var env = Environment(service);
        Assert.Equal("rabbitmq", env["Bus__Transport"]);
        Assert.StartsWith("amqp://", DefaultOf(env["Bus__RabbitMq__Uri"]));
    }

    [Theory]
    [InlineData("web")]
    [InlineData("scheduler")]
    public void Should_give_web_and_scheduler_the_same_database(string service)
    {
        var env = Environment(service);
        Assert.Contains(DefaultOf(env["Database__Provider"]), new[] { "sqlite", "postgres" });
        Assert.False(string.IsNullOrWhiteSpace(env["ConnectionStrings__Farm"]));
        Assert.Equal(Environment("web")["ConnectionStrings__Farm"], env["ConnectionStrings__Farm"]);
    }

    [Fact]
    public void Should_run_web_without_an_embedded_scheduler_and_agent()
    {
        Assert.Equal("false", Environment("web")["Farm__Embedded"]);
    }

    [Fact]
    public void Should_build_on_the_host_engine_through_the_mounted_docker_socket()
    {
        var env = Environment("agent");
        Assert.Equal("unix:///var/run/docker.sock", env["Agent__DockerHost"]);
        Assert.Contains("/var/run/docker.sock:/var/run/docker.sock", Strings(Service("agent"), "volumes"));
    }

    [Fact]
    public void Should_keep_the_agent_id_on_a_volume()
    {
        var dataDir = Environment("agent")["Agent__DataDir"];
        Assert.Contains(Strings(Service("agent"), "volumes"), v => v.EndsWith(":" + dataDir, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_reserve_the_hosts_nvidia_gpus_for_the_agent()
    {
        var resources = Map(Map(Service("agent"), "deploy"), "resources");
        var devices = List(Map(resources, "reservations"), "devices").Cast<Dictionary<object, object?>>().ToList();
        var nvidia = Assert.Single(devices, d => Equals(d.GetValueOrDefault("driver"), "nvidia"));
        Assert.Contains("gpu", Strings(nvidia, "capabilities"));
    }

    [Theory]
    [InlineData("web")]
    [InlineData("scheduler")]
    [InlineData("agent")]
    public void Should_build_each_farm_service_from_a_dockerfile_in_the_repository(string service)
    {
        var build = Map(Service(service), "build");
        var dockerfile = Path.Combine(RepositoryRoot(), Scalar(build, "context"), Scalar(build, "dockerfile"));
        Assert.True(File.Exists(dockerfile), $"{service} builds from {dockerfile}, which does not exist");
        Assert.Contains("ENTRYPOINT", File.ReadAllText(dockerfile));
    }

    static Dictionary<object, object?> Service(string name) =>
        Assert.IsType<Dictionary<object, object?>>(Services.Value[name]);

    /// <summary>Compose accepts environment as a map or as KEY=VALUE lines; both read the same here.</summary>
    static Dictionary<string, string> Environment(string service)
    {
        var env = Service(service).GetValueOrDefault("environment");
        return env switch
        {
            Dictionary<object, object?> map => map.ToDictionary(kv => (string)kv.Key, kv => kv.Value?.ToString() ?? ""),
            List<object?> lines => lines.Select(l => l!.ToString()!.Split('=', 2)).ToDictionary(p => p[0], p => p.ElementAtOrDefault(1) ?? ""),
            _ => throw new Xunit.Sdk.XunitException($"service {service} has no environment"),
        };
    }

    /// <summary>The value Compose uses when the variable is unset: <c>${NAME:-default}</c> gives <c>default</c>.</summary>
    static string DefaultOf(string value)
    {
        if (!value.StartsWith("${", StringComparison.Ordinal) || !value.EndsWith('}'))
            return value;
        var separator = value.IndexOf(":-", StringComparison.Ordinal);
        Assert.True(separator > 0, $"{value} has no default, so the file does not work without extra variables");
        return value[(separator + 2)..^1];
    }

    static Dictionary<object, object?> Map(Dictionary<object, object?> parent, string key) =>
        Assert.IsType<Dictionary<object, object?>>(parent.GetValueOrDefault(key));

    static List<object?> List(Dictionary<object, object?> parent, string key) =>
        Assert.IsType<List<object?>>(parent.GetValueOrDefault(key));

    static List<string> Strings(Dictionary<object, object?> parent, string key) =>
        List(parent, key).Select(v => v?.ToString() ?? "").ToList();

    static string Scalar(Dictionary<object, object?> parent, string key) =>
        Assert.IsType<string>(parent.GetValueOrDefault(key));

    static Dictionary<string, object?> LoadServices()
    {
        using var reader = File.OpenText(Path.Combine(RepositoryRoot(), "docker-compose.yml"));
        // MergingParser resolves the `<<: *anchor` merge keys the file uses to share settings between services.
        var document = new DeserializerBuilder().Build()
            .Deserialize<Dictionary<object, object?>>(new MergingParser(new Parser(reader)));
        return Assert.IsType<Dictionary<object, object?>>(document["services"])
            .ToDictionary(kv => (string)kv.Key, kv => kv.Value);
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BuildFarm.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no BuildFarm.sln above {AppContext.BaseDirectory}");
    }
}
