using BuildFarm.Shared.Lint;
using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Misses;
using BuildFarm.Shared.Placement;

namespace BuildFarm.Web.Features.Builds;

/// <summary>One build as <c>GET /api/builds/{id}</c> and the build page show it.</summary>
public sealed record BuildDetails(
    Guid Id,
    string Status,
    string Repository,
    string Ref,
    string DockerfilePath,
    string ContextPath,
    string? Target,
    IReadOnlyDictionary<string, string> BuildArgs,
    IReadOnlyList<string> Tags,
    bool NoCache,
    bool Pull,
    string? Agent,
    string? AgentName,
    DateTimeOffset QueuedAt,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? DurationMs,
    string? ImageId,
    long? ImageSizeBytes,
    string? Error,
    int? FailedStep,
    string? WaitingReason,
    string? PlacementReason,
    int StepsCached,
    int StepsTotal,
    int Attempt,
    bool CancelRequested,
    IReadOnlyList<StepView> Steps,
    IReadOnlyList<EventView> Events)
{
    /// <summary>The commit the ref named when the build was planned.</summary>
    public string? Commit { get; init; }

    /// <summary>Who queued it (their email then); null for builds from before sign-in.</summary>
    public string? QueuedBy { get; init; }

    /// <summary>How many steps placement expected the chosen agent to find cached (null for unplanned builds).</summary>
    public int? PredictedCachedSteps { get; init; }

    /// <summary>What placement predicted the chosen agent would find cached, and once the build ended, how right it was.</summary>
    public PredictionView? Prediction { get; init; }

    /// <summary>The check the build runs in its image, and how it went once it ran.</summary>
    public BuildCheck? Check { get; init; }

    /// <summary>Labels the build's agent must carry, each with exactly this value.</summary>
    public IReadOnlyDictionary<string, string> RequiredLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>The check's outcome, once it ran.</summary>
    public CheckResult? CheckResult { get; init; }

    /// <summary>What the cache lint found in the Dockerfile at submit; null when the build was not planned.</summary>
    public IReadOnlyList<LintFinding>? Lint { get; init; }

    /// <summary>Every agent placement considered, best first: why the build went where it went.</summary>
    public IReadOnlyList<CandidateView> Candidates { get; init; } = [];

    /// <summary>Every attempt, the first first: where each ran and how it ended.</summary>
    public IReadOnlyList<AttemptView> Attempts { get; init; } = [];

    /// <summary>True once the build's log passed its budget and later lines were dropped.</summary>
    public bool LogCut { get; init; }

    /// <summary>A release build: no cache, pulled bases, each pinned to the digest its tag named at submit.</summary>
    public bool Release { get; init; }

    /// <summary>The build pushes its tags to their registries once it succeeds; each pushed tag's digest is on the event
    /// that says it succeeded.</summary>
    public bool Push { get; init; }

    /// <summary>A release build's bases with the digests they were pinned to, the target's own base first: the
    /// digests its image was built on, once it succeeded (the agent fails a release whose tag moved).</summary>
    public IReadOnlyList<BasePin> Pins { get; init; } = [];

    /// <summary>How many queued builds were queued before this one, while it is queued: placement takes them first.</summary>
    public int? QueueAhead { get; init; }

    /// <summary>Why the build missed the cache, compared with the previous successful build of the same repository,
    /// Dockerfile, context and target; null until the build finished (and for builds finished before it was kept).</summary>
    public MissExplanation? Miss { get; init; }

    /// <summary>The steps the plan predicts, in file order, each with its predicted time: listed from submit, so the
    /// page shows what is left before BuildKit reaches it. Empty for unplanned builds.</summary>
    public IReadOnlyList<PlannedStepView> Plan { get; init; } = [];

    /// <summary>The spec to queue again for a rebuild.</summary>
    public BuildSpec ToSpec() => new(Repository, Ref, DockerfilePath, ContextPath, Target, BuildArgs, Tags, NoCache, Pull, Check, RequiredLabels, Release, Push);
}

/// <summary>One Dockerfile step of one attempt (<c>GET /api/builds/{id}</c> lists the latest attempt's), with the agent
/// that ran it and whether it left any output (its log is at <c>/api/builds/{id}/steps/{index}/log</c>).</summary>
public sealed record StepView(
    int Index,
    string? Stage,
    string Instruction,
    bool Cached,
    long? DurationMs,
    string Status,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    int Attempt = 1,
    string? Agent = null,
    bool HasLog = false,
    string? Key = null);

/// <summary>One step of the build's plan (a BuildKit vertex), with what placement expects of it.</summary>
/// <param name="Key">Its predicted cache key: the step BuildKit reports carries it once reached.</param>
/// <param name="Stage">The stage as BuildKit labels it.</param>
/// <param name="Instruction">The instruction as BuildKit names the vertex.</param>
/// <param name="PredictedSeconds">How long it should take when it runs: measured on earlier runs of the same key, else
/// the keyword's default.</param>
/// <param name="ExpectedCached">True when placement expected the chosen agent to take it from its cache.</param>
public sealed record PlannedStepView(string Key, string Stage, string Instruction, double PredictedSeconds, bool ExpectedCached);

/// <summary>One placement of the build: on which agent, when, and how it ended (one of <see cref="AttemptOutcome"/>,
/// with the reason, e.g. that the agent went offline).</summary>
public sealed record AttemptView(
    int Number,
    string Agent,
    string? AgentName,
    DateTimeOffset AssignedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string Outcome,
    string? Reason)
{
    public bool Lost => Outcome == AttemptOutcome.Lost;
}

/// <summary>One agent as placement judged it: rejected with a reason, or scored with its parts.</summary>
public sealed record CandidateView(
    string Agent, string AgentName, string? Rejected, double Score, string Detail,
    int CachedSteps, int TotalSteps, double SecondsSaved, double QueueWaitSeconds, double PullSeconds);

/// <summary>
/// Placement's prediction scored against BuildKit, over the steps after FROM: <paramref name="Predicted"/> steps were
/// expected cached; once the build ends, <paramref name="Hits"/> of them were, <paramref name="FalseHits"/> ran instead,
/// and <paramref name="Misses"/> steps were cached unexpectedly.
/// </summary>
public sealed record PredictionView(int Predicted, int? Hits, int? FalseHits, int? Misses)
{
    PredictionScore? Score => Hits is { } h && FalseHits is { } f && Misses is { } m ? new(h, f, m) : null;

    /// <summary>Share of predicted-cached steps that were cached; null until scored.</summary>
    public double? Precision => Score?.Precision;

    /// <summary>Share of cached steps that were predicted; null until scored.</summary>
    public double? Recall => Score?.Recall;

    /// <summary>"predicted 5 cached: 4 were, 1 ran, 0 unexpected" once scored; "predicted 5 cached" before.</summary>
    public override string ToString() => Hits is { } h && FalseHits is { } f && Misses is { } m
        ? $"predicted {Predicted} cached: {h} were, {f} ran, {m} cached unexpectedly"
        : $"predicted {Predicted} cached";
}

/// <summary>One entry of the build's history.</summary>
public sealed record EventView(DateTimeOffset At, string Status, string Message);

/// <summary>One row of the builds list.</summary>
public sealed record BuildSummary(
    Guid Id,
    string Status,
    string Repository,
    string Ref,
    string? Agent,
    string? AgentName,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? DurationMs,
    int StepsCached,
    int StepsTotal,
    string? WaitingReason,
    string? Error,
    string? QueuedBy = null);

/// <summary>Filters of the builds list, from the query string of the page or the API.</summary>
public sealed record BuildFilter(string? Status = null, string? Repository = null, string? Agent = null, int Limit = 50)
{
    public const int MaxLimit = 500;

    /// <summary>Part of the branch, tag or commit the build was asked for.</summary>
    public string? Ref { get; init; }

    /// <summary>The start of the commit the build was planned at (a short sha will do).</summary>
    public string? Commit { get; init; }

    /// <summary>Text found in the repository, the ref, the commit or the error, as typed: matched as plain text,
    /// never as a pattern.</summary>
    public string? Text { get; init; }

    /// <summary>Only the builds this person queued ("mine"); their user id.</summary>
    public string? QueuedById { get; init; }

    /// <summary>Rows to skip, newest first: the list's pages.</summary>
    public int Offset { get; init; }

    public bool Any => !string.IsNullOrWhiteSpace(Status) || !string.IsNullOrWhiteSpace(Repository) || !string.IsNullOrWhiteSpace(Agent)
                       || !string.IsNullOrWhiteSpace(Ref) || !string.IsNullOrWhiteSpace(Commit) || !string.IsNullOrWhiteSpace(Text)
                       || QueuedById is not null;
}
