using System.Formats.Tar;
using System.Text;
using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Builds;
using BuildFarm.EndToEnd.Farm;
using Docker.DotNet.Models;

namespace BuildFarm.EndToEnd.Builds;

/// <summary>
/// Release builds on a real engine and the real registry. The farm starts with no agent, so a release submitted to
/// it is planned and pinned, then waits in the queue; the test moves the base tag meanwhile, and only then adds the
/// agent that takes the build.
/// </summary>
[Collection(FarmCollection.Name)]
public class ReleaseBuildTests(FarmFixture farm)
{
    const string Agent = "release-agent";

    [EndToEndFact]
    public async Task Should_fail_a_release_whose_base_tag_moved_while_it_waited_and_record_the_digest_of_the_next()
    {
        var engine = farm.Services!.SpareEngines[0];
        var nonce = Guid.NewGuid().ToString("N")[..12];
        var baseRepository = $"localhost:{new Uri("http://" + farm.Services.Registry).Port}/buildfarm-e2e/release-{nonce}";
        var reference = baseRepository + ":1";
        using var connection = new EngineConnection(engine);
        var images = new EngineImages(connection);
        var pinned = await PushAsync(connection, images, baseRepository, "pinned at submit");

        await using var release = new FarmFixture("release", new Dictionary<string, string>(), new Dictionary<string, string>());
        await release.InitializeAsync();
        var source = release.NewRepository("release");
        // COPY needs no shell, so a base of one file will do.
        source.Write("Dockerfile", $"FROM {reference}\nCOPY release.txt /release.txt\n");
        source.Write("release.txt", nonce);
        source.Commit("A release image");

        var held = await release.Api.SubmitAsync(new { repository = source.Url, @ref = "main", release = true });
        await release.Api.WaitForAsync(held, b => b.Status == "queued" && b.WaitingReason is not null, "waited for an agent");
        var moved = await PushAsync(connection, images, baseRepository, "pushed while the release waited");
        Assert.NotEqual(pinned, moved);
        await release.AddAgentAsync(Agent, engine);
        var failed = await release.Api.WaitForFinishAsync(held);

        Assert.True(failed.Status == "failed", FarmApi.Describe(failed));
        Assert.Equal($"Release build stopped: base image {reference} moved from {pinned} (pinned at submit) to {moved} before the build ran. " +
                     "Queue the release again to build on the new digest.", failed.Error);
        Assert.Equal(pinned, Assert.Single(failed.Pins!).Digest);
        Assert.DoesNotContain(failed.Steps, s => s.Status is "done" or "cached");

        var tag = $"buildfarm-e2e/released:{nonce}";
        var next = await release.Api.WaitForFinishAsync(await release.Api.SubmitAsync(new
        {
            repository = source.Url, @ref = "main", release = true, tags = new[] { tag },
        }));

        Assert.True(next.Status == "succeeded", $"{FarmApi.Describe(next)}\n{release.Diagnostics()}");
        Assert.True(next.Release);
        Assert.Equal((reference, moved), (Assert.Single(next.Pins!).Reference, next.Pins![0].Digest));
        // Nothing reused, not even a step the agent had: a release is built from scratch.
        Assert.DoesNotContain(next.Steps, s => s.Cached);
        var labels = await images.GetLabelsAsync(tag);
        Assert.Equal((reference, moved), (labels[ReleaseGate.BaseNameLabel], labels[ReleaseGate.BaseDigestLabel]));
        await release.KillAgentAsync(Agent);
    }

    /// <summary>Imports an image of one file (its content makes the digest new) and pushes it as the repository's
    /// tag 1; returns the digest the registry now names for the tag.</summary>
    static async Task<string> PushAsync(EngineConnection connection, EngineImages images, string repository, string content)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "base.txt")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"{content} {Guid.NewGuid()}\n")),
                Mode = (UnixFileMode)0b110_100_100,
            });
        tar.Position = 0;
        await images.ImportAsync(tar, repository, "1");
        var errors = new List<string>();
        await connection.CallAsync((client, t) => client.Images.PushImageAsync(repository, new ImagePushParameters { Tag = "1" },
            new AuthConfig(), new Progress(errors), t), CancellationToken.None);
        Assert.True(errors.Count == 0, $"push of {repository}:1 failed: {string.Join("; ", errors)}");
        return await images.TagDigestAsync(repository + ":1");
    }

    // Not Progress<T>: that one reports on the thread pool, after the push may have returned.
    sealed class Progress(List<string> errors) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value)
        {
            if (value.Error?.Message is { } message)
                errors.Add(message);
        }
    }
}
