using Docker.DotNet.Models;

namespace BuildFarm.Agent.Tests.Engines;

/// <summary>The local registry scripts/test.sh starts (BUILDFARM_TEST_REGISTRY): where release tests push a base and
/// then move its tag.</summary>
public static class TestRegistry
{
    public static string? Address => Environment.GetEnvironmentVariable("BUILDFARM_TEST_REGISTRY");

    /// <summary>Imports a fresh busybox image (a new config, so a new digest each time), tags it as
    /// <paramref name="repository"/>:<paramref name="tag"/> and pushes it; returns the digest the registry names.</summary>
    public static async Task<string> PushNewImageAsync(TestEngine engine, string repository, string tag)
    {
        var id = await BusyboxBase.ImportAsync(engine.Images, repository, tag);
        var errors = new List<string>();
        await engine.Connection.CallAsync((client, t) => client.Images.PushImageAsync(repository,
            new ImagePushParameters { Tag = tag }, new AuthConfig(), new Errors(errors), t), CancellationToken.None);
        if (errors.Count > 0)
            throw new InvalidOperationException($"push of {repository}:{tag} ({id}) failed: {string.Join("; ", errors)}");
        return await engine.Images.TagDigestAsync($"{repository}:{tag}");
    }

    sealed class Errors(List<string> all) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value)
        {
            if (value.Error?.Message is { } message)
                all.Add(message);
        }
    }
}

/// <summary>A fact that needs the local registry; skipped when it is not there, unless the test script requires it.</summary>
public sealed class RegistryFactAttribute : FactAttribute
{
    public RegistryFactAttribute()
    {
        if (TestRegistry.Address is null && Environment.GetEnvironmentVariable("BUILDFARM_TEST_REQUIRE_SERVICES") != "1")
            Skip = "needs the local registry: run scripts/test.sh (BUILDFARM_TEST_REGISTRY)";
    }
}
