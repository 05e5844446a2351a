using NpgsqlTypes;

namespace BuildFarm.Insights.Benchmarks;

/// <summary>A column the loaders write: its name, its PostgreSQL type (binary COPY needs the exact one), its value.</summary>
sealed record Column<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

/// <summary>The rows of the seeded tables, column by column as the migrations created them.</summary>
static class Tables
{
    // Stored plans and placement verdicts make a real builds row wide; the scans must pay for that as the farm's do.
    static readonly string Plan = "{\"steps\":[" + string.Join(",", Enumerable.Range(0, 20).Select(i =>
        $"{{\"key\":\"sha256:{i:x2}{new string('a', 62)}\",\"parent\":{i - 1},\"kind\":\"Run\",\"keyword\":\"RUN\"}}")) + "]}";
    static readonly string Candidates = "[" + string.Join(",", Enumerable.Range(0, 5).Select(i =>
        $"{{\"agentId\":\"gpu-{i:00}\",\"score\":{i}.5,\"detail\":\"{new string('d', 80)}\"}}")) + "]";

    public static readonly Column<SeedBuild>[] Builds =
    [
        new("Id", NpgsqlDbType.Uuid, b => b.Id),
        new("Status", NpgsqlDbType.Varchar, b => b.Status),
        new("Repository", NpgsqlDbType.Text, b => b.Repository),
        new("Ref", NpgsqlDbType.Text, _ => "main"),
        new("DockerfilePath", NpgsqlDbType.Text, _ => "Dockerfile"),
        new("ContextPath", NpgsqlDbType.Text, _ => "."),
        new("BuildArgs", NpgsqlDbType.Text, _ => "{}"),
        new("Tags", NpgsqlDbType.Text, _ => "[]"),
        new("RequiredLabels", NpgsqlDbType.Text, _ => "{}"),
        new("NoCache", NpgsqlDbType.Boolean, b => b.NoCache),
        new("Pull", NpgsqlDbType.Boolean, b => b.Release),
        new("Release", NpgsqlDbType.Boolean, b => b.Release),
        new("AgentId", NpgsqlDbType.Text, b => b.AgentId),
        new("Attempt", NpgsqlDbType.Integer, _ => 1),
        new("QueuedAt", NpgsqlDbType.Bigint, b => b.QueuedAt),
        new("AssignedAt", NpgsqlDbType.Bigint, b => b.QueuedAt + 50),
        new("StartedAt", NpgsqlDbType.Bigint, b => b.StartedAt),
        new("FinishedAt", NpgsqlDbType.Bigint, b => b.FinishedAt),
        new("DurationMs", NpgsqlDbType.Bigint, b => b.DurationMs),
        new("StepsCached", NpgsqlDbType.Integer, b => b.StepsCached),
        new("StepsTotal", NpgsqlDbType.Integer, b => b.StepsTotal),
        new("SavedMs", NpgsqlDbType.Bigint, b => b.Steps.Sum(s => s.SavedMs ?? 0)),
        new("MissCause", NpgsqlDbType.Varchar, b => b.MissCause),
        new("Dispatched", NpgsqlDbType.Boolean, _ => true),
        new("CancelRequested", NpgsqlDbType.Boolean, _ => false),
        new("LogBytes", NpgsqlDbType.Bigint, _ => 40_000L),
        new("LogCut", NpgsqlDbType.Boolean, _ => false),
        new("Commit", NpgsqlDbType.Text, b => b.Id.ToString("N") + "01234567"),
        new("PlanJson", NpgsqlDbType.Text, _ => Plan),
        new("CandidatesJson", NpgsqlDbType.Text, _ => Candidates),
        new("PlacementReason", NpgsqlDbType.Text, b => $"{b.AgentId} holds the longest cached prefix"),
    ];

    public static readonly Column<(SeedBuild Build, SeedStep Step)>[] Steps =
    [
        new("BuildId", NpgsqlDbType.Uuid, r => r.Build.Id),
        new("Attempt", NpgsqlDbType.Integer, _ => 1),
        new("Index", NpgsqlDbType.Integer, r => r.Step.Index),
        new("AgentId", NpgsqlDbType.Text, r => r.Build.AgentId),
        new("Instruction", NpgsqlDbType.Text, r => r.Step.Instruction),
        new("Status", NpgsqlDbType.Varchar, r => r.Step.Status),
        new("Cached", NpgsqlDbType.Boolean, r => r.Step.Cached),
        new("StartedAt", NpgsqlDbType.Bigint, r => r.Step.StartedAt),
        new("CompletedAt", NpgsqlDbType.Bigint, r => r.Step.CompletedAt),
        new("DurationMs", NpgsqlDbType.Bigint, r => r.Step.DurationMs),
        new("Key", NpgsqlDbType.Text, r => r.Step.Key),
        new("SavedMs", NpgsqlDbType.Bigint, r => r.Step.SavedMs),
    ];

    public static readonly Column<SeedBuild>[] Bases =
    [
        new("BuildId", NpgsqlDbType.Uuid, b => b.Id),
        new("Reference", NpgsqlDbType.Text, b => b.Base),
        new("Digest", NpgsqlDbType.Text, b => "sha256:" + new string('b', 64)),
    ];

    public static readonly Column<SeedBuild>[] Attempts =
    [
        new("BuildId", NpgsqlDbType.Uuid, b => b.Id),
        new("Number", NpgsqlDbType.Integer, _ => 1),
        new("AgentId", NpgsqlDbType.Text, b => b.AgentId),
        new("AssignedAt", NpgsqlDbType.Bigint, b => b.QueuedAt + 50),
        new("StartedAt", NpgsqlDbType.Bigint, b => b.StartedAt),
        new("EndedAt", NpgsqlDbType.Bigint, b => b.FinishedAt),
        new("Outcome", NpgsqlDbType.Varchar, b => b.Status),
    ];

    public static readonly Column<(SeedBuild Build, int Event)>[] Events =
    [
        new("BuildId", NpgsqlDbType.Uuid, r => r.Build.Id),
        new("At", NpgsqlDbType.Bigint, r => r.Event switch { 0 => r.Build.QueuedAt, 1 => r.Build.StartedAt, _ => r.Build.FinishedAt }),
        new("Status", NpgsqlDbType.Text, r => r.Event switch { 0 => "queued", 1 => "running", _ => r.Build.Status }),
        new("Message", NpgsqlDbType.Text, r => r.Event switch
        {
            0 => "Queued by the API; planned at 0123456789ab",
            1 => $"Started on {r.Build.AgentId}",
            _ => $"Finished on {r.Build.AgentId}: {r.Build.StepsCached}/{r.Build.StepsTotal} steps cached",
        }),
    ];
}
