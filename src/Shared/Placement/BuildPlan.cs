using BuildFarm.Contracts;
using BuildFarm.Shared.CacheKeys;

namespace BuildFarm.Shared.Placement;

/// <summary>A build as placement sees it: its steps with their predicted keys, and the hard constraints it brings.</summary>
/// <param name="Steps">Every step of the stages the target needs, in file order; a step's parent and inputs come
/// before it.</param>
public sealed record BuildPlan(IReadOnlyList<PlanStep> Steps)
{
    /// <summary>The platform the target stage is built for ("linux/amd64"); null when unknown (an unplanned build),
    /// and then any agent's platform will do.</summary>
    public string? Platform { get; init; } = "linux/amd64";

    /// <summary>Labels an agent must carry, each with exactly this value.</summary>
    public IReadOnlyDictionary<string, string> RequiredLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>True for a build asked to run without cache (<c>no-cache</c>): BuildKit runs every step wherever it
    /// goes, so no agent's cache saves it anything (a base already present still spares its pull).</summary>
    public bool NoCache { get; init; }

    /// <summary>Set when the build runs a check that asks for GPUs: only agents with a working GPU (and, when the
    /// CUDA version is known, a new enough driver) qualify.</summary>
    public GpuRequirement? Gpu { get; init; }

    /// <summary>For a release build, every base pinned to the digest its tag named at submit, the target stage's own
    /// base first; empty for everyday builds. Sent to the agent, which refuses to build on a tag that has moved.</summary>
    public IReadOnlyList<BasePin> Pins { get; init; } = [];

    /// <summary>
    /// What placement knows of a build that could not be planned at submit: no steps and no platform, only what it
    /// asked of its agent.
    /// </summary>
    /// <param name="requiredLabels">Labels its agent must carry.</param>
    /// <param name="gpu">Set when its check asks for GPUs (the image's CUDA version is unknown).</param>
    /// <returns>An empty plan with those requirements.</returns>
    public static BuildPlan Unplanned(IReadOnlyDictionary<string, string>? requiredLabels = null, GpuRequirement? gpu = null) =>
        new([])
        {
            Platform = null,
            RequiredLabels = requiredLabels ?? new Dictionary<string, string>(),
            Gpu = gpu,
        };

    /// <summary>What placement knows of a submitted build that could not be planned: the labels it requires and,
    /// when its check asks for GPUs, a GPU (of any CUDA version, which is unknown without a plan).</summary>
    public static BuildPlan Unplanned(BuildSpec spec) =>
        Unplanned(spec.RequiredLabels, spec.Check is { Gpus: true } ? new GpuRequirement(null) : null);

    /// <summary>
    /// The plan of a build whose key chain <see cref="CacheKeyChain.Compute"/> predicted.
    /// </summary>
    /// <param name="planned">A successful plan.</param>
    /// <param name="baseBytes">The compressed size of a base by digest, when the registry said; null or 0 for unknown.</param>
    /// <returns>The plan, targeting the target stage's platform.</returns>
    public static BuildPlan FromPlanned(KeyChain planned, Func<string, long?>? baseBytes = null)
    {
        if (!planned.Succeeded)
        {
            throw new ArgumentException($"The build has no plan: {string.Join("; ", planned.Errors)}", nameof(planned));
        }

        var steps = new List<PlanStep>();
        var lastStepOfStage = new Dictionary<int, int>();
        foreach (var stage in planned.Stages)
        {
            var first = steps.Count;
            var vertex = 0;
            foreach (var step in stage.Steps)
            {
                var next = step.Index == 0 ? From(stage, step, lastStepOfStage, baseBytes) : Instruction(step, steps.Count - 1, lastStepOfStage);
                // BuildKit numbers a stage's vertices from 1, skipping instructions without one; FROM is a vertex
                // only when it names an image (FROM scratch and FROM another stage load nothing).
                steps.Add(next with
                {
                    Stage = stage.DisplayName,
                    StepInStage = step.Index,
                    Vertex = next.HasVertex ? ++vertex : null,
                });
            }

            lastStepOfStage[stage.Index] = first + stage.Steps.Count - 1;
        }

        return new BuildPlan(steps) { Platform = Platforms.Normalize(planned.Target!.Platform) };
    }

    /// <summary>The chain as an agent receives it with the build, to tag its steps and keep its inventory.</summary>
    /// <returns>One entry per step, in plan order; empty for plans stored before stages were recorded.</returns>
    public IReadOnlyList<StepKey> Keys() =>
        Steps.Any(s => s.Stage.Length == 0) ? [] : Steps.Select(s => new StepKey(s.Stage, s.StepInStage, s.Vertex, s.Key)).ToList();

    private static PlanStep From(ChainStage stage, ChainStep step, Dictionary<int, int> lastStepOfStage, Func<string, long?>? baseBytes)
    {
        if (stage.BaseStageIndex is int parentStage)
        {
            return new PlanStep(step.Key, lastStepOfStage[parentStage], StepKind.Stage, step.Keyword, step.Instruction) { HasVertex = false };
        }

        if (string.Equals(stage.Base, "scratch", StringComparison.OrdinalIgnoreCase))
        {
            // BuildKit shows no vertex for scratch: there is nothing to fetch.
            return new PlanStep(step.Key, -1, StepKind.Scratch, step.Keyword, step.Instruction) { HasVertex = false };
        }

        return new PlanStep(step.Key, -1, StepKind.Image, step.Keyword, step.Instruction)
        {
            BaseDigest = stage.BaseDigest,
            BaseBytes = stage.BaseDigest is { } digest ? baseBytes?.Invoke(digest) ?? 0 : 0,
        };
    }

    private static PlanStep Instruction(ChainStep step, int parent, Dictionary<int, int> lastStepOfStage) =>
        new(step.Key, parent, StepKind.Instruction, step.Keyword, step.Instruction)
        {
            HasVertex = step.HasVertex,
            Inputs = step.SourceStages.Where(lastStepOfStage.ContainsKey).Select(s => lastStepOfStage[s]).ToArray(),
            Files = step.SourceBlobs.Count == 0 && step.Keyword is not ("COPY" or "ADD") ? null : Capped(step.SourceBlobs),
            FileCount = step.SourceBlobs.Count,
        };

    private static Dictionary<string, string> Capped(IReadOnlyDictionary<string, string> blobs) =>
        blobs.Take(PlanStep.MaxFiles).ToDictionary(b => b.Key, b => b.Value, StringComparer.Ordinal);
}

/// <summary>What a GPU check needs from an agent.</summary>
/// <param name="CudaVersion">The image's CUDA version (from its CUDA_VERSION, labels or tag), or null when unknown:
/// then any agent with a working GPU qualifies.</param>
public sealed record GpuRequirement(Version? CudaVersion);
