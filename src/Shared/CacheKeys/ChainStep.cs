namespace BuildFarm.Shared.CacheKeys;

/// <summary>One link of the predicted cache-key chain: a stage's FROM (index 0) or one of its instructions.</summary>
public sealed record ChainStep
{
    /// <summary>0 for the stage's FROM, then 1, 2, … for its instructions in order.</summary>
    public required int Index { get; init; }

    /// <summary>The 1-based line the instruction starts on.</summary>
    public required int Line { get; init; }

    /// <summary>"FROM", "RUN", "COPY", …</summary>
    public required string Keyword { get; init; }

    /// <summary>The instruction as BuildKit names its vertex (the step's display name; "FROM reference" for the base).</summary>
    public required string Instruction { get; init; }

    /// <summary>The predicted cache key: 64 lower-case hex digits of SHA-256 (for a resolved FROM, the base's digest).</summary>
    public required string Key { get; init; }

    /// <summary>The context files whose content went into the key (COPY/ADD sources, RUN bind mounts), ordered by path.</summary>
    public IReadOnlyList<string> SourcesHashed { get; init; } = [];

    /// <summary>The git blob id of each file in <see cref="SourcesHashed"/>, by path, ordered by path: what tells a
    /// later build which of them changed.</summary>
    public IReadOnlyDictionary<string, string> SourceBlobs { get; init; } = new Dictionary<string, string>();

    /// <summary>How many context files went into the key.</summary>
    public int SourceCount => SourcesHashed.Count;

    /// <summary>Sources that name nothing in the context (no file, no directory holding files): BuildKit fails such a
    /// COPY with "not found"; wildcards that match nothing are allowed and not listed.</summary>
    public IReadOnlyList<string> MissingSources { get; init; } = [];

    /// <summary>The stages whose final keys went into this key (COPY --from, RUN --mount from a stage), by index.</summary>
    public IReadOnlyList<int> SourceStages { get; init; } = [];

    /// <summary>True when the step reads the build context but no context was given: its key leaves the content out.</summary>
    public bool Unhashed { get; init; }

    /// <summary>False when this key, or any key it is built on, left build-context content out (see <see cref="Unhashed"/>):
    /// such a key cannot be compared with what agents hold.</summary>
    public bool Predictable { get; init; } = true;

    /// <summary>True for the instructions BuildKit runs as a vertex of its own (FROM, RUN, COPY, ADD, WORKDIR); the
    /// others only change the image config, yet their keys still chain into the next step.</summary>
    public bool HasVertex { get; init; }
}
