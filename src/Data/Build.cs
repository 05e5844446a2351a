using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Data;

public class Build
{
    public Guid Id { get; set; }
    public string Status { get; set; } = BuildStatus.Queued;
    public string Repository { get; set; } = "";
    public string Ref { get; set; } = "";
    public string DockerfilePath { get; set; } = "Dockerfile";
    public string ContextPath { get; set; } = ".";
    public string? Target { get; set; }
    public Dictionary<string, string> BuildArgs { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    public bool NoCache { get; set; }
    public bool Pull { get; set; }
    /// <summary>Push the tags to their registry when the build succeeds, signed in with the farm's stored credential.</summary>
    public bool Push { get; set; }
    /// <summary>A release build: no cache, pulled bases, each base pinned to the digest resolved at submit. Left out of
    /// the cache-hit figures, where its deliberate misses would read as a cold farm.</summary>
    public bool Release { get; set; }
    /// <summary>Labels the agent must carry, each with exactly this value: the hard constraint placement applies to
    /// planned and unplanned builds alike.</summary>
    public Dictionary<string, string> RequiredLabels { get; set; } = [];

    public string? AgentId { get; set; }
    public int Attempt { get; set; }

    public DateTimeOffset QueuedAt { get; set; }
    /// <summary>Who queued it: the user's id, for "mine", and their email as it was then, for the page (kept when the
    /// account goes). Null for builds from before sign-in existed.</summary>
    public string? QueuedById { get; set; }
    public string? QueuedBy { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public long? DurationMs { get; set; }

    public string? ImageId { get; set; }
    public long? ImageSizeBytes { get; set; }
    public int StepsCached { get; set; }
    /// <summary>What the cache spared the finished build: the sum of its last attempt's steps' <see cref="BuildStep.SavedMs"/>,
    /// kept on the build so the insights add one number per build instead of joining every step.</summary>
    public long SavedMs { get; set; }
    public int StepsTotal { get; set; }
    public string? Error { get; set; }
    public int? FailedStep { get; set; }

    /// <summary>Why the build still waits (no agent online, all busy...), shown while it is queued.</summary>
    public string? WaitingReason { get; set; }
    /// <summary>Why the scheduler chose its agent.</summary>
    public string? PlacementReason { get; set; }

    /// <summary>Outbox flag: false until BuildRequested reached the broker, so a build submitted while RabbitMQ is
    /// down is stored and sent later instead of lost.</summary>
    public bool Dispatched { get; set; }
    public string? DispatchError { get; set; }
    public bool CancelRequested { get; set; }

    /// <summary>The commit the ref named when the build was planned; agents build exactly this.</summary>
    public string? Commit { get; set; }
    /// <summary>The predicted cache-key chain (a serialized BuildPlan), when the build could be planned.</summary>
    public string? PlanJson { get; set; }
    /// <summary>Every agent considered at placement, with its score parts or its rejection (serialized verdicts).</summary>
    public string? CandidatesJson { get; set; }
    /// <summary>What the cache lint found in the Dockerfile at submit (a JSON array of findings; empty when clean);
    /// null when the build was not planned, so not linted.</summary>
    public string? LintJson { get; set; }
    /// <summary>Why the build missed the cache, as one word of <c>MissCauses</c> ("base-moved", "none"…), set when it
    /// finished; a column of its own so the insights count causes in SQL.</summary>
    public string? MissCause { get; set; }
    /// <summary>The whole miss explanation (a serialized <c>MissExplanation</c>): the build it was compared with, the
    /// first missed step, the details and the seconds lost.</summary>
    public string? MissJson { get; set; }
    /// <summary>How many steps placement expected the chosen agent to find cached.</summary>
    public int? PredictedCachedSteps { get; set; }

    /// <summary>The keys of the steps placement expected the chosen agent to find cached (a JSON array), to compare
    /// with what BuildKit reports.</summary>
    public string? PredictedKeysJson { get; set; }
    /// <summary>Seconds placement expected the build to run on the chosen agent (pulls and uncached steps), so builds
    /// placed later can tell how long they would queue behind it.</summary>
    public double? PredictedSeconds { get; set; }
    /// <summary>Steps predicted cached that BuildKit took from its cache.</summary>
    public int? PredictionHits { get; set; }
    /// <summary>Steps predicted cached that BuildKit ran: the farm thought the agent held what it did not.</summary>
    public int? PredictionFalseHits { get; set; }
    /// <summary>Steps BuildKit took from its cache that placement did not expect.</summary>
    public int? PredictionMisses { get; set; }
    /// <summary>The build's check (a serialized BuildCheck), when it has one.</summary>
    public string? CheckJson { get; set; }
    /// <summary>How the check went (a serialized CheckResult).</summary>
    public string? CheckResultJson { get; set; }

    /// <summary>UTF-8 bytes of log stored for the build so far, all attempts together, counted against its budget.</summary>
    public long LogBytes { get; set; }
    /// <summary>True once the log passed its budget: the cut note is stored and later lines are dropped.</summary>
    public bool LogCut { get; set; }

    public List<BuildStep> Steps { get; set; } = [];
    public List<BuildAttempt> Attempts { get; set; } = [];
    public List<BuildEvent> Events { get; set; } = [];

    public BuildSpec Spec() => new(Repository, Ref, DockerfilePath, ContextPath, Target, BuildArgs, Tags, NoCache, Pull,
        CheckJson is null ? null : System.Text.Json.JsonSerializer.Deserialize<BuildCheck>(CheckJson, System.Text.Json.JsonSerializerOptions.Web),
        RequiredLabels, Release, Push);
}
