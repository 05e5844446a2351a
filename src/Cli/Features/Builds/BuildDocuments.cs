using System.Text.Json.Serialization;

namespace BuildFarm.Cli.Features.Builds;

// The REST API's JSON as the CLI reads it (src/Web/Features/Builds: BuildRequestBody, BuildAccepted, BuildDetails).
// Only the fields the CLI uses; unknown fields are ignored, so the server may grow.

/// <summary>The body of <c>POST /api/builds</c>.</summary>
sealed record SubmitBody(
    string Repository,
    string Ref,
    string? DockerfilePath,
    string? ContextPath,
    string? Target,
    Dictionary<string, string> BuildArgs,
    List<string> Tags,
    bool NoCache,
    bool Pull,
    Dictionary<string, string> RequiredLabels,
    bool Release,
    // Sent only when set, so a farm from before push still takes every other submit (it refuses unknown fields).
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Push = false);

/// <summary>The answer to a queued or cancelled build.</summary>
sealed record AcceptedBuild(Guid Id, string Status, string Url);

/// <summary><c>GET /api/builds/{id}</c>.</summary>
sealed record BuildView(
    Guid Id,
    string Status,
    string Repository,
    string Ref,
    string? DockerfilePath,
    string? Target,
    string? Agent,
    string? AgentName,
    DateTimeOffset QueuedAt,
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
    List<StepInfo>? Steps,
    PredictionInfo? Prediction = null)
{
    public string AgentLabel => AgentName ?? Agent ?? "?";
}

/// <summary>What placement expected the agent to find cached, and once the build ended, how that went.</summary>
sealed record PredictionInfo(int Predicted, int? Hits, int? FalseHits, int? Misses);

/// <summary>One step of the build's current attempt.</summary>
sealed record StepInfo(int Index, string? Stage, string Instruction, bool Cached, long? DurationMs, string Status, string? Error);

/// <summary>RFC 7807 problem details, with the validation errors of a 400.</summary>
sealed record Problem(string? Title, string? Detail, int? Status, Dictionary<string, string[]>? Errors);
