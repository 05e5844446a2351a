using BuildFarm.Shared.Placement;

namespace BuildFarm.Shared.Misses;

/// <summary>One build as the miss analysis compares it.</summary>
/// <param name="Id">The build.</param>
/// <param name="Plan">Its predicted chain; null for an unplanned build.</param>
/// <param name="Steps">The steps of its last attempt.</param>
public sealed record MissBuild(Guid Id, BuildPlan? Plan, IReadOnlyList<MissStep> Steps)
{
    /// <summary>The agent its last attempt ran on.</summary>
    public string? AgentId { get; init; }

    /// <summary>The commit it was planned at.</summary>
    public string? Commit { get; init; }

    /// <summary>Its <c>--build-arg</c> values.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>True when it was asked to run without cache.</summary>
    public bool NoCache { get; init; }

    /// <summary>When it was queued.</summary>
    public DateTimeOffset QueuedAt { get; init; }

    /// <summary>When its last attempt started; null when it never did.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>One step of a build's attempt, as BuildKit reported it.</summary>
/// <param name="Index">Its index in the attempt.</param>
/// <param name="Instruction">The vertex name ("RUN pip install …").</param>
/// <param name="Key">The predicted key the agent matched it to; null for unplanned builds.</param>
/// <param name="Cached">True when BuildKit took it from its cache.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="SavedMs">For a cached step, how long the same key took when it last ran.</param>
public sealed record MissStep(int Index, string Instruction, string? Key, bool Cached, long? DurationMs, long? SavedMs = null)
{
    /// <summary>The stage BuildKit labelled it with.</summary>
    public string? Stage { get; init; }

    /// <summary>FROM's CACHED flag says nothing (BuildKit marks a first pull CACHED), so FROM is never a miss.</summary>
    public bool IsFrom => Instruction.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase);
}

/// <summary>What the farm knew around the build, beyond the two builds themselves.</summary>
public sealed record MissFacts
{
    /// <summary>No facts: placement, inventories and tag history unknown.</summary>
    public static MissFacts None { get; } = new();

    /// <summary>Every agent placement considered for the build, with its verdict.</summary>
    public IReadOnlyList<CandidateVerdict> Candidates { get; init; } = [];

    /// <summary>Why placement chose the build's agent.</summary>
    public string? PlacementReason { get; init; }

    /// <summary>Keys agents reported dropping from their caches, with when.</summary>
    public IReadOnlyList<CacheDrop> Drops { get; init; } = [];

    /// <summary>Keys the farm believes agents hold (for the build's own keys).</summary>
    public IReadOnlyList<CacheHolding> Holdings { get; init; } = [];

    /// <summary>The digests base tags were seen at (the tag history of image_digests).</summary>
    public IReadOnlyList<TagSighting> BaseHistory { get; init; } = [];
}

/// <summary>An agent reported it no longer holds a key.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Key">The cache key (or base digest).</param>
/// <param name="At">When it reported the drop.</param>
public sealed record CacheDrop(string AgentId, string Key, DateTimeOffset At);

/// <summary>The farm believes an agent holds a key.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Key">The cache key.</param>
public sealed record CacheHolding(string AgentId, string Key);

/// <summary>A tag was seen at a digest, first at <paramref name="FirstSeenAt"/>.</summary>
/// <param name="Reference">The image reference.</param>
/// <param name="Digest">The digest.</param>
/// <param name="FirstSeenAt">When the farm first saw the tag there.</param>
public sealed record TagSighting(string Reference, string Digest, DateTimeOffset FirstSeenAt);
