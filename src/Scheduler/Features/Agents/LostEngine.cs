using BuildFarm.Contracts;
using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Scheduler.Features.Agents;

/// <summary>
/// An agent that reports an attempt lost to its engine has an engine that did not answer when it said so. Its heartbeat
/// says the same, but on another queue: when the loss is consumed first, the requeued build would go straight back to
/// the agent that just lost it, be refused there, and spend an attempt for nothing. So the loss itself marks the engine
/// down, until a heartbeat sent after it says the engine answers again.
/// </summary>
static class LostEngine
{
    /// <returns>The agent when its record changed (the Agents page should hear of it), else null.</returns>
    public static async Task<Agent?> MarkAsync(FarmDbContext db, BuildFinished lost, CancellationToken ct)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == lost.AgentId, ct);
        // A loss older than the agent's last word (a redelivery, or one that waited out the engine's recovery) is history.
        if (agent is null || lost.FinishedAt < agent.LastHeartbeatAt)
            return null;
        agent.DockerError ??= lost.Error ?? "the engine was lost mid-build";
        // The loss is the agent speaking, in its own clock: a heartbeat it collected before the loss and that arrives
        // after it is older, and is ignored rather than allowed to say the engine is fine.
        agent.LastHeartbeatAt = lost.FinishedAt;
        return agent;
    }
}
