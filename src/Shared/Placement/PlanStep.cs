namespace BuildFarm.Shared.Placement;

/// <summary>What a plan step is, for deciding whether an agent can skip it.</summary>
public enum StepKind
{
    /// <summary>A Dockerfile instruction after FROM.</summary>
    Instruction,

    /// <summary>FROM an image: present when the agent holds its digest (or its key), pulled otherwise.</summary>
    Image,

    /// <summary>FROM an earlier stage: available exactly when that stage's last step is.</summary>
    Stage,

    /// <summary>FROM scratch: nothing to pull, always available.</summary>
    Scratch,
}

/// <summary>One step of a build as placement sees it: its cache key and what it is built on.</summary>
/// <param name="Key">The predicted cache key.</param>
/// <param name="Parent">The index in <see cref="BuildPlan.Steps"/> of the step it is built on (the previous step of
/// its stage, or for a FROM of a stage that stage's last step); -1 for a FROM of an image or scratch.</param>
/// <param name="Kind">What the step is.</param>
/// <param name="Keyword">"FROM", "RUN", "COPY", …</param>
/// <param name="Instruction">The instruction as BuildKit names its vertex; estimates by instruction read it.</param>
public sealed record PlanStep(string Key, int Parent, StepKind Kind, string Keyword, string Instruction)
{
    /// <summary>The most files a step records in <see cref="Files"/>: a <c>COPY . .</c> of a large repository would
    /// otherwise make every stored plan megabytes, and the first paths are enough to name what changed.</summary>
    public const int MaxFiles = 2000;

    /// <summary>For a step that reads build-context files (COPY/ADD sources, RUN bind mounts): each file's git blob id
    /// by path, ordered by path, the first <see cref="MaxFiles"/> only. Null for other steps, and in plans stored
    /// before files were recorded: then which file changed cannot be told.</summary>
    public IReadOnlyDictionary<string, string>? Files { get; init; }

    /// <summary>How many context files the step reads, including those beyond <see cref="MaxFiles"/>.</summary>
    public int FileCount { get; init; }

    /// <summary>True when the step read more files than <see cref="Files"/> holds.</summary>
    public bool FilesCapped() => Files is not null && FileCount > Files.Count;

    /// <summary>For <see cref="StepKind.Image"/>, the base's platform manifest digest ("sha256:…"); null when unknown.</summary>
    public string? BaseDigest { get; init; }

    /// <summary>For <see cref="StepKind.Image"/>, the base's compressed size; 0 when unknown (the default size applies).</summary>
    public long BaseBytes { get; init; }

    /// <summary>Indexes of other steps whose results this one reads (the last step of a stage named by
    /// <c>COPY --from</c> or <c>RUN --mount=from=</c>): they must exist when this step runs.</summary>
    public IReadOnlyList<int> Inputs { get; init; } = [];

    /// <summary>True when BuildKit runs it as a vertex of its own (FROM an image, RUN, COPY, ADD, WORKDIR; not FROM
    /// scratch or FROM another stage); those after FROM count as steps in "14/16 steps cached".</summary>
    public bool HasVertex { get; init; } = true;

    /// <summary>The stage as BuildKit labels it ("builder", "stage-1"); empty in plans stored before it was recorded.</summary>
    public string Stage { get; init; } = "";

    /// <summary>The step's place in its stage: 0 for FROM, then one per instruction.</summary>
    public int StepInStage { get; init; }

    /// <summary>BuildKit's step number in the stage (the 3 of <c>[builder 3/6]</c>), or null without a vertex.</summary>
    public int? Vertex { get; init; }
}
