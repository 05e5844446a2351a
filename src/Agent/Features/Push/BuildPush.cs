using BuildFarm.Agent.Features.Builds;
using BuildFarm.Contracts;
using BuildFarm.Shared.Secrets;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Agent.Features.Push;

/// <summary>What a pushing build carries from its start to its push: the logins, the scrubber that masks their
/// passwords, and the sink every step event goes through; or, when the build cannot push, how it ended already.</summary>
public sealed record PushSession(IReadOnlyList<RegistryLogin> Logins, SecretScrubber Scrubber, IBuildEventSink Sink, bool Pushes,
    BuildFinished? Ended = null);

/// <summary>The push around a build: credentials before it starts, the tags pushed after it succeeded.</summary>
public sealed class BuildPush(PushCredentialsClient credentials, ImagePusher pusher, TimeProvider clock, ILogger<BuildPush> log)
{
    /// <summary>A session for <paramref name="start"/>: a build that does not push gets the sink as it is; one that does
    /// gets its logins and a scrubbing sink, or ends here, failed with why it could not get them.</summary>
    public async Task<PushSession> BeginAsync(StartBuild start, string agentId, IBuildEventSink sink, CancellationToken ct)
    {
        if (!start.Spec.Push || start.Spec.Tags.Count == 0)
            return new PushSession([], SecretScrubber.None, sink, Pushes: false);
        try
        {
            var logins = await credentials.AskAsync(start, ct);
            var scrubber = new SecretScrubber(logins);
            return new PushSession(logins, scrubber, new ScrubbingSink(sink, scrubber), Pushes: true);
        }
        catch (PushRefusedException e)
        {
            log.LogWarning("Build {BuildId} attempt {Attempt} failed before it started: {Error}", start.BuildId, start.Attempt, e.Message);
            return new PushSession([], SecretScrubber.None, sink, true, Ended(start, agentId, BuildOutcome.Failed, e.Message));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new PushSession([], SecretScrubber.None, sink, true, Ended(start, agentId, BuildOutcome.Cancelled, null));
        }
    }

    /// <summary>The build's end as the farm should hear it: pushed when it built and pushes, and with every text the
    /// agent reports about it masked.</summary>
    public async Task<BuildFinished> FinishAsync(StartBuild start, PushSession session, BuildFinished built, CancellationToken ct)
    {
        if (session.Pushes && built.Outcome == BuildOutcome.Succeeded)
            built = await PushAsync(start, session, built, ct);
        var scrubber = session.Scrubber;
        return built with
        {
            Error = scrubber.ScrubOrNull(built.Error),
            Check = built.Check is { } check
                ? check with { OutputTail = check.OutputTail.Select(scrubber.Scrub).ToList(), Error = scrubber.ScrubOrNull(check.Error) }
                : null,
        };
    }

    async Task<BuildFinished> PushAsync(StartBuild start, PushSession session, BuildFinished built, CancellationToken ct)
    {
        var begun = clock.GetTimestamp();
        PushResult result;
        try
        {
            result = await pusher.PushAsync(start, session.Logins, session.Sink, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return built with { Outcome = BuildOutcome.Cancelled, DurationMs = built.DurationMs + Elapsed(begun), FinishedAt = clock.GetUtcNow() };
        }
        built = built with
        {
            Pushed = result.Pushed.Count > 0 ? result.Pushed : null,
            DurationMs = built.DurationMs + Elapsed(begun),
            FinishedAt = clock.GetUtcNow(),
        };
        // A registry's refusal is the build's failure; an engine that died mid-push is the infrastructure's, and the
        // build runs again elsewhere like one whose engine died mid-build.
        return result.Error is null
            ? built
            : built with { Outcome = result.EngineLost ? BuildOutcome.Lost : BuildOutcome.Failed, Error = result.Error, FailedStep = null };
    }

    long Elapsed(long begun) => (long)clock.GetElapsedTime(begun).TotalMilliseconds;

    BuildFinished Ended(StartBuild start, string agentId, BuildOutcome outcome, string? error) =>
        new(start.BuildId, start.Attempt, agentId, outcome, null, null, 0, 0, 0, error, null, clock.GetUtcNow());
}
