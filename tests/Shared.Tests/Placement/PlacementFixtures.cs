using System.Security.Cryptography;
using System.Text;
using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Ignore;
using BuildFarm.Shared.Placement;

namespace BuildFarm.Shared.Tests.Placement;

/// <summary>Real plans of a PyTorch project, and agents holding parts of them.</summary>
internal static class PlacementFixtures
{
    public const string OldDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    public const string NewDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    // Vertices: FROM, WORKDIR, RUN apt-get, COPY requirements, RUN pip, COPY ., RUN compileall (ENV has none).
    public const string Dockerfile = """
        FROM pytorch/pytorch:2.9-cuda12.1
        WORKDIR /app
        RUN apt-get update && apt-get install -y git
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        ENV MODE=train
        COPY . .
        RUN python -m compileall src
        """;

    public static readonly Dictionary<string, string> Files = new()
    {
        ["requirements.txt"] = "torch==2.9.0\n",
        ["src/train.py"] = "print('train')\n",
    };

    public static KeyChain Planned(string dockerfile = Dockerfile, string digest = OldDigest, Dictionary<string, string>? files = null)
    {
        var parsed = DockerfileParser.Parse(dockerfile);
        var context = ContextSnapshot.FromFiles((files ?? Files).Select(f => File(f.Key, f.Value)), DockerIgnore.Empty);
        var planned = CacheKeyChain.Compute(parsed, null, new Dictionary<string, string>(), _ => digest, context);
        Assert.True(planned.Succeeded, string.Join("; ", planned.Errors));
        return planned;
    }

    public static BuildPlan Plan(string digest = OldDigest, Dictionary<string, string>? files = null) =>
        BuildPlan.FromPlanned(Planned(Dockerfile, digest, files), _ => 4_000_000_000);

    /// <summary>An idle agent holding the base and the first <paramref name="held"/> steps after FROM.</summary>
    public static AgentSnapshot Holding(string id, BuildPlan plan, int held, int running = 0, int capacity = 1, params double[] workAhead) =>
        Agent(id, running, capacity) with
        {
            BaseDigests = plan.Steps[0].BaseDigest is { } d ? new HashSet<string> { d } : new HashSet<string>(),
            CacheKeys = plan.Steps.Take(held + 1).Select(s => s.Key).ToHashSet(StringComparer.Ordinal),
            WorkAheadSeconds = workAhead,
        };

    public static AgentSnapshot Agent(string id, int running = 0, int capacity = 1) => new(id, id, true, capacity, running, null);

    public static ClusterSnapshot Cluster(params AgentSnapshot[] agents) => new(agents);

    public static CandidateVerdict Verdict(PlacementDecision decision, string id) => decision.Candidates.Single(c => c.AgentId == id);

    public static ContextFile File(string path, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var blob = SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes]);
        return new ContextFile(path, Convert.ToHexStringLower(blob), ContextFile.RegularMode, bytes.Length);
    }
}
