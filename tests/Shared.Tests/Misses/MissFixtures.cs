using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Misses;
using BuildFarm.Shared.Placement;
using BuildFarm.Shared.Tests.CacheKeys;

namespace BuildFarm.Shared.Tests.Misses;

/// <summary>Builds of a small ML project, planned for real, whose steps ran as the specs say.</summary>
internal static class MissFixtures
{
    public const string OldDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    public const string NewDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    public static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    // Vertices: FROM, WORKDIR, COPY requirements, RUN pip, COPY ., RUN compileall.
    public const string Dockerfile = """
        FROM python:3.11
        ARG TORCH=2.9.0
        WORKDIR /app
        COPY requirements.txt .
        RUN pip install torch==$TORCH -r requirements.txt
        COPY . .
        RUN python -m compileall src
        """;

    public static readonly PlanInputs Project = new(Dockerfile, new Dictionary<string, string>
    {
        ["requirements.txt"] = "numpy==2.1\n",
        ["src/train.py"] = "print('train')\n",
        ["src/data.py"] = "rows = []\n",
    }, Digests: new Dictionary<string, string> { ["python:3.11"] = OldDigest });

    /// <summary>A build of <paramref name="inputs"/> on <paramref name="agent"/>: the steps before
    /// <paramref name="firstMiss"/> cached, it and the rest run, each RUN taking a minute and the rest a second.</summary>
    public static MissBuild Built(PlanInputs inputs, int? firstMiss = null, string agent = "agent-1", DateTimeOffset? at = null)
    {
        var plan = BuildPlan.FromPlanned(inputs.Plan());
        var vertices = plan.Steps.Where(s => s.HasVertex).ToList();
        var steps = vertices.Select((s, i) =>
        {
            var cached = s.Kind == StepKind.Image || firstMiss is null || i < firstMiss;
            var ms = s.Keyword == "RUN" ? 60_000L : 1_000L;
            return new MissStep(i, s.Instruction, s.Key, cached, cached ? 50 : ms, cached ? ms : null);
        }).ToList();
        var queued = at ?? Monday;
        return new MissBuild(Guid.NewGuid(), plan, steps)
        {
            AgentId = agent,
            Commit = Guid.NewGuid().ToString("N"),
            BuildArgs = inputs.BuildArgs ?? new Dictionary<string, string>(),
            QueuedAt = queued,
            StartedAt = queued.AddSeconds(5),
            FinishedAt = queued.AddMinutes(5),
        };
    }

    public static int Vertex(MissBuild build, string instructionStart) =>
        build.Steps.First(s => s.Instruction.StartsWith(instructionStart, StringComparison.Ordinal)).Index;

    public static PlanInputs WithDigest(this PlanInputs inputs, string digest) =>
        inputs with { Digests = new Dictionary<string, string> { ["python:3.11"] = digest } };

    public static PlanInputs WithoutFile(this PlanInputs inputs, string path) =>
        inputs with { Files = inputs.Files!.Where(f => f.Key != path).ToDictionary() };

    /// <summary>The plan as it was stored before plans recorded files.</summary>
    public static MissBuild WithoutRecordedFiles(MissBuild build) =>
        build with { Plan = new BuildPlan(build.Plan!.Steps.Select(s => s with { Files = null, FileCount = 0 }).ToList()) };
}
