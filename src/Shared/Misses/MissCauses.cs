namespace BuildFarm.Shared.Misses;

/// <summary>Why a build missed the cache, as <c>Build.MissCause</c> stores it and the insights count it.</summary>
public static class MissCauses
{
    /// <summary>No earlier successful build of the same repository, Dockerfile, context and target to compare with.</summary>
    public const string FirstBuild = "first-build";

    /// <summary>A base tag now points at another digest.</summary>
    public const string BaseMoved = "base-moved";

    /// <summary>The first missed step's instruction text differs from the earlier build's.</summary>
    public const string InstructionChanged = "instruction-changed";

    /// <summary>A build arg the step sees has another value.</summary>
    public const string BuildArgChanged = "build-arg-changed";

    /// <summary>Files the first missed step copies (or mounts) have other content.</summary>
    public const string FilesChanged = "files-changed";

    /// <summary>The build was asked to run without cache.</summary>
    public const string NoCache = "no-cache";

    /// <summary>The keys were unchanged, but the build ran on an agent without them while another held them.</summary>
    public const string OtherAgent = "other-agent";

    /// <summary>The keys were unchanged and the agent had held them, but pruned them since.</summary>
    public const string Evicted = "evicted";

    /// <summary>Every step came from the cache.</summary>
    public const string None = "none";

    /// <summary>The farm cannot tell: an unplanned build, or a key it believed held that BuildKit ran anyway.</summary>
    public const string Unknown = "unknown";

    /// <summary>Every cause, in the order the analysis considers them.</summary>
    public static readonly IReadOnlyList<string> All =
        [FirstBuild, NoCache, None, BaseMoved, InstructionChanged, BuildArgChanged, FilesChanged, Evicted, OtherAgent, Unknown];
}
