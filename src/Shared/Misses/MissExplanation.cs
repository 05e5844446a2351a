namespace BuildFarm.Shared.Misses;

/// <summary>
/// Why a build missed the cache, compared with the previous successful build of the same repository, Dockerfile,
/// context and target: stored with the build when it finishes, served as <c>miss</c> and shown on its page.
/// </summary>
/// <param name="Cause">One of <see cref="MissCauses"/>.</param>
/// <param name="FirstMissedStep">The first step BuildKit ran instead of taking from its cache; null when none did.</param>
/// <param name="ComparedWith">The earlier build compared with; null for a first build.</param>
/// <param name="Detail">One sentence a user reads: what changed, or where the cache was.</param>
/// <param name="Files">For <see cref="MissCauses.FilesChanged"/>, the paths whose content differs (added and removed
/// files included), ordered by path; empty when the earlier plan did not record its files.</param>
/// <param name="SecondsLost">What the steps that missed now took on the earlier build (a cached one counts the time
/// it last ran for real): what a hit would have spared.</param>
public sealed record MissExplanation(
    string Cause,
    MissedStep? FirstMissedStep,
    Guid? ComparedWith,
    string Detail,
    IReadOnlyList<string> Files,
    double SecondsLost)
{
    /// <summary>The commit the compared build was planned at.</summary>
    public string? ComparedCommit { get; init; }

    /// <summary>True when the step copies more files than plans record, so a changed file may be missing from <see cref="Files"/>.</summary>
    public bool FilesCapped { get; init; }

    /// <summary>For <see cref="MissCauses.InstructionChanged"/>: the earlier and the new instruction text.</summary>
    public TextChange? Instruction { get; init; }

    /// <summary>For <see cref="MissCauses.BuildArgChanged"/>: the args whose values differ.</summary>
    public IReadOnlyList<ArgChange> BuildArgs { get; init; } = [];

    /// <summary>For <see cref="MissCauses.BaseMoved"/>: the base and both digests.</summary>
    public BaseMove? Base { get; init; }

    /// <summary>For <see cref="MissCauses.OtherAgent"/>: the agent that held the cache; for
    /// <see cref="MissCauses.Evicted"/>: the agent that pruned it.</summary>
    public string? CacheAgent { get; init; }

    /// <summary>For <see cref="MissCauses.OtherAgent"/>: why placement did not choose <see cref="CacheAgent"/>.</summary>
    public string? PlacementReason { get; init; }

    /// <summary>For <see cref="MissCauses.Evicted"/>: when the agent reported dropping the step; null when unknown.</summary>
    public DateTimeOffset? EvictedAt { get; init; }
}

/// <summary>A step as the miss names it.</summary>
/// <param name="Index">The step's index in the build (the page shows it plus one).</param>
/// <param name="Instruction">The instruction as BuildKit named it.</param>
public sealed record MissedStep(int Index, string Instruction);

/// <summary>A text before and after.</summary>
/// <param name="Old">The earlier build's text; empty when the step is new.</param>
/// <param name="New">This build's text.</param>
public sealed record TextChange(string Old, string New);

/// <summary>A build arg with another value (null: not given).</summary>
/// <param name="Name">The arg.</param>
/// <param name="Old">Its value on the earlier build.</param>
/// <param name="New">Its value now.</param>
public sealed record ArgChange(string Name, string? Old, string? New);

/// <summary>A base tag seen at another digest.</summary>
/// <param name="Reference">The image reference of the FROM.</param>
/// <param name="OldDigest">The digest the earlier build was built on.</param>
/// <param name="NewDigest">The digest this build was built on.</param>
/// <param name="SeenAt">When the farm first saw the tag at its new digest; null when its history does not say.</param>
public sealed record BaseMove(string Reference, string? OldDigest, string? NewDigest, DateTimeOffset? SeenAt);
