namespace BuildFarm.Contracts;

/// <summary>
/// What an agent's build cache holds, in cache-key chain terms: published after each build and once on start.
/// The agent is the authority on its own cache; the scheduler mirrors these reports for placement.
/// </summary>
/// <param name="AgentId">The agent.</param>
/// <param name="BuildId">The build whose end prompted the report; null for the report on start.</param>
/// <param name="Complete">True when <paramref name="Held"/> is the whole inventory (the start report): the mirror is
/// replaced. False: <paramref name="Held"/> are keys used just now, added or refreshed.</param>
/// <param name="Held">Keys (and base digests, a FROM step's key) the cache holds.</param>
/// <param name="Dropped">Keys the agent no longer holds: pruned to stay under its budget, or found missing when
/// BuildKit ran a step the agent thought it held and the step then failed.</param>
/// <param name="CacheBytes">Build-cache size from /system/df after any pruning.</param>
/// <param name="BudgetBytes">The most build cache the agent keeps; null when it leaves pruning to BuildKit.</param>
/// <param name="At">When the agent last used the <paramref name="Held"/> keys.</param>
public record AgentCacheReported(
    string AgentId,
    Guid? BuildId,
    bool Complete,
    IReadOnlyList<string> Held,
    IReadOnlyList<string> Dropped,
    long CacheBytes,
    long? BudgetBytes,
    DateTimeOffset At);
