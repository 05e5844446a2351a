using BuildFarm.Contracts;

namespace BuildFarm.Scheduler.Data;

public class Build
{
    public Guid Id { get; set; }
    public string Status { get; set; } = "queued";
    public string Repository { get; set; } = "";
    public string Ref { get; set; } = "";
    public string DockerfilePath { get; set; } = "Dockerfile";
    public string ContextPath { get; set; } = ".";
    public string? Target { get; set; }
    public Dictionary<string, string> BuildArgs { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    public bool NoCache { get; set; }
    public bool Pull { get; set; }

    public string? AgentId { get; set; }
    public int Attempt { get; set; }

    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public long? DurationMs { get; set; }

    public string? ImageId { get; set; }
    public long? ImageSizeBytes { get; set; }
    public int StepsCached { get; set; }
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

    public List<BuildStep> Steps { get; set; } = [];
    public List<BuildEvent> Events { get; set; } = [];

    public BuildSpec Spec() => new(Repository, Ref, DockerfilePath, ContextPath, Target, BuildArgs, Tags, NoCache, Pull);
}
