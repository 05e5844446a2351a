using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Web.Tests.Features.Builds;

namespace BuildFarm.Web.Tests.Features.Agents;

[Collection(WebCollection.Name)]
public class AgentsApiTests(WebFixture web)
{
    [Fact]
    public async Task Should_describe_each_agent_with_its_gpus_driver_and_docker()
    {
        var agent = SeededBuild.Agent();
        var runningBuild = Guid.NewGuid();
        agent.RunningBuilds = [runningBuild];
        await web.WithDbAsync(db =>
        {
            db.Agents.Add(agent);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var json = (await client.GetFromJsonAsync<JsonElement>("/api/agents"))
            .EnumerateArray().Single(a => a.GetProperty("id").GetString() == agent.Id);

        Assert.Equal("gpu-host-1", json.GetProperty("name").GetString());
        Assert.Equal("online", json.GetProperty("status").GetString());
        Assert.Equal("a100", json.GetProperty("labels").GetProperty("gpu").GetString());
        Assert.Equal("linux", json.GetProperty("os").GetString());
        Assert.Equal("x86_64", json.GetProperty("arch").GetString());
        var gpus = json.GetProperty("gpus").EnumerateArray().ToList();
        Assert.Equal(2, gpus.Count);
        Assert.Equal("NVIDIA A100-SXM4-80GB", gpus[0].GetProperty("name").GetString());
        Assert.Equal("GPU-1b2c3d4e", gpus[0].GetProperty("uuid").GetString());
        Assert.Equal(81920, gpus[0].GetProperty("memoryMiB").GetInt64());
        Assert.Equal("550.54.15", json.GetProperty("driverVersion").GetString());
        Assert.Equal("12.4", json.GetProperty("cudaVersion").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("gpuError").ValueKind);
        Assert.Equal("20.10.24", json.GetProperty("dockerVersion").GetString());
        Assert.Equal("overlay2", json.GetProperty("storageDriver").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("dockerError").ValueKind);
        Assert.Equal("unix:///run/farm/agent-1/docker.sock", json.GetProperty("dockerHost").GetString());
        Assert.Equal(3L * 1024 * 1024 * 1024, json.GetProperty("cacheBytes").GetInt64());
        Assert.Equal(2, json.GetProperty("capacity").GetInt32());
        Assert.Equal([runningBuild], json.GetProperty("runningBuilds").EnumerateArray().Select(b => b.GetGuid()));
        Assert.Equal(agent.LastHeartbeatAt.ToUnixTimeMilliseconds(), json.GetProperty("lastHeartbeatAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(SeededBuild.T0, json.GetProperty("registeredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Should_report_each_agents_cache_budget_and_the_keys_the_farm_believes_it_holds()
    {
        var agent = SeededBuild.Agent();
        agent.CacheBudgetBytes = 20L * 1024 * 1024 * 1024;
        agent.CacheKeysDropped = 7;
        agent.CacheKeyCount = 2;
        await web.WithDbAsync(db =>
        {
            db.Agents.Add(agent);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var json = (await client.GetFromJsonAsync<JsonElement>("/api/agents"))
            .EnumerateArray().Single(a => a.GetProperty("id").GetString() == agent.Id);
        var page = await web.ApiClient().GetStringAsync("/agents");

        Assert.Equal(20L * 1024 * 1024 * 1024, json.GetProperty("cacheBudgetBytes").GetInt64());
        Assert.Equal(2, json.GetProperty("cacheKeys").GetInt32());
        Assert.Equal(7, json.GetProperty("cacheKeysDropped").GetInt64());
        Assert.Contains("2 keys, 7 pruned", page);
    }
}
