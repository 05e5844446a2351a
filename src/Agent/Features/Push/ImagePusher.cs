using System.Text.RegularExpressions;
using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Builds;
using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.References;
using BuildFarm.Shared.Secrets;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Agent.Features.Push;

/// <summary>How a build's push went: every tag pushed with its digest, or the first refusal (later tags are not tried).
/// <paramref name="EngineLost"/> when the engine itself stopped answering, which is no registry's refusal.</summary>
public sealed record PushResult(IReadOnlyList<PushedTag> Pushed, string? Error, bool EngineLost = false);

/// <summary>Pushes a built image's tags through the agent's engine (<c>POST /images/{name}/push</c>), each signed in with
/// its registry's login when the build has one, anonymously otherwise. What the engine reports goes to the build's log
/// under <see cref="PushLog.StepIndex"/>, through the build's (scrubbing) sink.</summary>
public sealed partial class ImagePusher(EngineConnection engine, ILogger<ImagePusher> log)
{
    // Docker Hub's logins are keyed by its old index address in the engine's own auth configuration.
    const string DockerHubServerAddress = "https://index.docker.io/v1/";
    // Per-layer chatter ("Preparing", "Waiting", "Pushing" with a progress bar) would bury the lines that say something.
    static readonly HashSet<string> Chatter = new(StringComparer.Ordinal) { "Preparing", "Waiting", "Pushing" };

    public async Task<PushResult> PushAsync(StartBuild job, IReadOnlyList<RegistryLogin> logins, IBuildEventSink sink, CancellationToken ct)
    {
        var lines = new PushLines(job, sink);
        var pushed = new List<PushedTag>();
        foreach (var tag in job.Spec.Tags)
        {
            var reference = ImageReference.Parse(tag);
            var registry = RegistryHost.Of(reference);
            var login = logins.FirstOrDefault(l => l.Registry == registry);
            await lines.WriteAsync([$"pushing {tag} to {registry} {(login is null ? "anonymously (no credential stored)" : $"as {login.Username}")}"]);
            var messages = new Collected();
            string? error = null;
            try
            {
                await engine.CallAsync((client, t) => client.Images.PushImageAsync(reference.Name,
                    new ImagePushParameters { Tag = reference.Tag ?? "latest" }, Auth(login, registry), messages, t), ct);
            }
            catch (DockerEngineException e) when (EngineLoss.IsTransport(e))
            {
                await lines.WriteAsync([.. Shown(messages.All), $"the engine stopped answering during the push: {e.Message}"]);
                return new PushResult(pushed, $"push to {registry} did not finish: {e.Message}", EngineLost: true);
            }
            catch (DockerEngineException e)
            {
                error = e.Message;
            }
            error ??= messages.All.Select(m => m.Error?.Message).FirstOrDefault(m => !string.IsNullOrEmpty(m));
            var digest = messages.All.Select(m => DigestLine().Match(m.Status ?? "")).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            if (error is null && digest is null)
                error = "the engine ended the push without naming a digest";
            if (error is not null)
            {
                await lines.WriteAsync([.. Shown(messages.All), $"push to {registry} was refused: {error}"]);
                log.LogWarning("Build {BuildId} attempt {Attempt}: push of {Tag} refused: {Error}", job.BuildId, job.Attempt, tag, error);
                return new PushResult(pushed, $"push to {registry} was refused: {error}");
            }
            pushed.Add(new PushedTag(tag, digest!));
            await lines.WriteAsync([.. Shown(messages.All), $"pushed {tag} as {digest}"]);
            log.LogInformation("Build {BuildId} attempt {Attempt}: pushed {Tag} as {Digest}", job.BuildId, job.Attempt, tag, digest);
        }
        return new PushResult(pushed, null);
    }

    static AuthConfig Auth(RegistryLogin? login, string registry) => login is null
        ? new AuthConfig()
        : new AuthConfig
        {
            Username = login.Username,
            Password = login.Password,
            ServerAddress = registry == "docker.io" ? DockerHubServerAddress : registry,
        };

    static IEnumerable<string> Shown(IEnumerable<JSONMessage> messages) =>
        messages.Where(m => !string.IsNullOrEmpty(m.Status) && !Chatter.Contains(m.Status))
            .Select(m => string.IsNullOrEmpty(m.ID) ? m.Status! : $"{m.ID}: {m.Status}");

    // The engine's last status line for a pushed tag, as the docker CLI prints it: "1.0: digest: sha256:… size: 527".
    [GeneratedRegex(@"digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex DigestLine();

    /// <summary>The push's lines as numbered batches of the build's push log.</summary>
    sealed class PushLines(StartBuild job, IBuildEventSink sink)
    {
        int _seq;

        public Task WriteAsync(IReadOnlyList<string> lines) =>
            lines.Count == 0 ? Task.CompletedTask : sink.StepLoggedAsync(new StepLogged(job.BuildId, job.Attempt, PushLog.StepIndex, _seq++, lines));
    }

    // Progress<T> would hand the messages to the thread pool, after the call may have returned; these are kept as sent.
    sealed class Collected : IProgress<JSONMessage>
    {
        public List<JSONMessage> All { get; } = [];

        public void Report(JSONMessage value) => All.Add(value);
    }
}
