namespace BuildFarm.Shared.Placement;

/// <summary>
/// The verdict on one candidate: rejected with a reason, or ranked (higher is better). Cache-affinity ranking fills the
/// score parts of every candidate it scores; the other rankings only those of the agent they chose.
/// </summary>
/// <param name="AgentId">Agent id.</param>
/// <param name="AgentName">Agent display name.</param>
/// <param name="Rejected">Why it cannot take the build, or null when it can.</param>
/// <param name="Score">Score when eligible, in the ranking's own terms; for cache affinity, seconds: saved − queue wait − pull.</param>
/// <param name="Detail">Human-readable reason for the verdict.</param>
public record CandidateVerdict(string AgentId, string AgentName, Rejection? Rejected, double Score, string Detail)
{
    private string? _detail = Detail;

    /// <summary>Human-readable reason for the verdict. Cache-affinity placement writes it from the score parts when it
    /// is first read: formatting a thousand candidates' text would cost a decision more than scoring them.</summary>
    public string Detail
    {
        get => _detail ??= PlacementText.Describe(this);
        init => _detail = value;
    }

    /// <summary>Steps (BuildKit vertices after FROM, as the build's own cache hits are counted) the agent is expected
    /// to take from its cache or skip.</summary>
    public int CachedSteps { get; init; }

    /// <summary>Steps (BuildKit vertices after FROM) the build has.</summary>
    public int TotalSteps { get; init; }

    /// <summary>Expected seconds of step work the agent's cache saves (base pulls are counted in <see cref="PullSeconds"/>).</summary>
    public double SecondsSaved { get; init; }

    /// <summary>Expected seconds before one of the agent's slots is free for this build.</summary>
    public double QueueWaitSeconds { get; init; }

    /// <summary>Expected seconds pulling base images the agent lacks.</summary>
    public double PullSeconds { get; init; }

    /// <summary>Expected seconds the build runs there once started: pulls plus the steps its cache does not cover.</summary>
    public double BuildSeconds { get; init; }

    /// <inheritdoc />
    public virtual bool Equals(CandidateVerdict? other) =>
        other is not null && EqualityContract == other.EqualityContract
        && AgentId == other.AgentId && AgentName == other.AgentName && Rejected == other.Rejected && Score.Equals(other.Score)
        && Detail == other.Detail && CachedSteps == other.CachedSteps && TotalSteps == other.TotalSteps
        && SecondsSaved.Equals(other.SecondsSaved) && QueueWaitSeconds.Equals(other.QueueWaitSeconds)
        && PullSeconds.Equals(other.PullSeconds) && BuildSeconds.Equals(other.BuildSeconds);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AgentId, Rejected, Score, CachedSteps, TotalSteps);
}
