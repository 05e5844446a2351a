using BuildFarm.Agent.Tests.Engines;

namespace BuildFarm.Agent.Tests.Docker;

[Collection(EngineCollection.Name)]
public class EngineBuildCacheTests(EngineFixture fixture)
{
    [Fact]
    public async Task Should_list_the_records_a_build_left_and_count_their_bytes()
    {
        var token = Guid.NewGuid().ToString("N");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        using var context = DockerfileContext.Tar($"FROM {BusyboxBase.Reference}\nRUN echo {token} > /token\n");
        await foreach (var _ in fixture.Engine.Images.BuildAsync(context, new("Dockerfile", [], null, new Dictionary<string, string>(), false, false, "none")))
        {
        }

        var records = await fixture.Engine.BuildCache.GetRecordsAsync();

        var step = Assert.Single(records, r => r.Description?.Contains(token) == true);
        Assert.False(step.InUse);
        Assert.InRange(step.UsedAt, before, DateTimeOffset.UtcNow.AddMinutes(1));
        // Other builds may share this engine, so the bytes can only be compared with what any build leaves.
        Assert.True(await fixture.Engine.BuildCache.GetBytesAsync() > 0);
    }
}
