using BuildFarm.Data;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>Builds in the states the scheduler leaves them in, written straight to the database: Web only reads them.</summary>
static class SeededBuild
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static Build Finished(string agentId, string? repository = null)
    {
        var build = FinishedWithoutAgentOnSteps(agentId, repository);
        foreach (var step in build.Steps)
            step.AgentId = agentId;
        return build;
    }

    static Build FinishedWithoutAgentOnSteps(string agentId, string? repository) => new()
    {
        Id = Guid.NewGuid(),
        Status = BuildStatus.Succeeded,
        Repository = repository ?? $"https://git.example.com/{Guid.NewGuid():N}.git",
        Ref = "main",
        AgentId = agentId,
        Attempt = 1,
        Dispatched = true,
        QueuedAt = T0,
        AssignedAt = T0.AddSeconds(1),
        StartedAt = T0.AddSeconds(2),
        FinishedAt = T0.AddSeconds(14),
        DurationMs = 12_000,
        ImageId = "sha256:4f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0",
        ImageSizeBytes = 734_003_200,
        StepsCached = 2,
        StepsTotal = 3,
        PlacementReason = "least loaded: 0 of 2 slots busy",
        Steps =
        [
            Step(0, "FROM localhost:5000/demo/base:1", cached: true, ms: 5),
            Step(1, "RUN pip install -r requirements.txt", cached: true, ms: 40),
            Step(2, "COPY train.py /app/", cached: false, ms: 800),
        ],
        Events =
        [
            new() { At = T0, Status = "queued", Message = "Queued by the API" },
            new() { At = T0.AddSeconds(1), Status = "assigned", Message = $"Placed on {agentId}" },
            new() { At = T0.AddSeconds(14), Status = "succeeded", Message = "Built" },
        ],
    };

    public static Build Failed(string agentId)
    {
        var build = Finished(agentId);
        build.Status = BuildStatus.Failed;
        build.ImageId = null;
        build.ImageSizeBytes = null;
        build.Error = "process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3";
        build.FailedStep = 2;
        build.Steps[2].Status = "failed";
        build.Steps[2].Error = build.Error;
        return build;
    }

    public static Build Running(string agentId)
    {
        var build = Finished(agentId);
        build.Status = BuildStatus.Running;
        build.FinishedAt = null;
        build.DurationMs = null;
        build.ImageId = null;
        build.ImageSizeBytes = null;
        build.Steps[2].Status = "running";
        build.Steps[2].CompletedAt = null;
        build.Steps[2].DurationMs = null;
        return build;
    }

    public static Build Queued(string? waitingReason = null) => new()
    {
        Id = Guid.NewGuid(),
        Status = BuildStatus.Queued,
        Repository = $"https://git.example.com/{Guid.NewGuid():N}.git",
        Ref = "main",
        Dispatched = true,
        QueuedAt = T0,
        WaitingReason = waitingReason,
        Events = [new() { At = T0, Status = "queued", Message = "Queued by the dashboard" }],
    };

    /// <summary>A step's log as the scheduler stores it: one batch per entry of <paramref name="batches"/>.</summary>
    public static List<BuildLogChunk> Log(Build build, int index, params string[] batches) => Log(build.Id, 1, index, batches);

    public static List<BuildLogChunk> Log(Guid buildId, int attempt, int index, params string[] batches) =>
        batches.Select((text, seq) => new BuildLogChunk
        {
            BuildId = buildId, Attempt = attempt, StepIndex = index, Seq = seq, Text = text,
            Bytes = System.Text.Encoding.UTF8.GetByteCount(text) + 1,
        }).ToList();

    public static BuildStep Step(int index, string instruction, bool cached, long ms) => new()
    {
        Index = index,
        Attempt = 1,
        Stage = null,
        Instruction = instruction,
        Cached = cached,
        Status = cached ? "cached" : "done",
        StartedAt = T0.AddSeconds(3 + index),
        CompletedAt = T0.AddSeconds(3 + index).AddMilliseconds(ms),
        DurationMs = ms,
    };

    public static BuildFarm.Data.Agent Agent(string? id = null) => new()
    {
        Id = id ?? $"agent-{Guid.NewGuid():N}"[..14],
        Name = "gpu-host-1",
        Status = "online",
        Labels = new() { ["gpu"] = "a100", ["zone"] = "lab" },
        Os = "linux",
        Arch = "x86_64",
        DockerVersion = "20.10.24",
        StorageDriver = "overlay2",
        DockerHost = "unix:///run/farm/agent-1/docker.sock",
        CacheBytes = 3L * 1024 * 1024 * 1024,
        Capacity = 2,
        RunningBuilds = [],
        Gpus = [new("NVIDIA A100-SXM4-80GB", "GPU-1b2c3d4e", 81920), new("NVIDIA A100-SXM4-80GB", "GPU-5f6a7b8c", 81920)],
        DriverVersion = "550.54.15",
        CudaVersion = "12.4",
        AgentVersion = "0.1.0",
        RegisteredAt = T0,
        LastHeartbeatAt = DateTimeOffset.UtcNow,
    };
}
