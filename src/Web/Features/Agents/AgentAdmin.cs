using System.Security.Claims;
using BuildFarm.Data;
using BuildFarm.Shared.People;
using BuildFarm.Web.Security;
using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Agents;

/// <summary>What an admin does to an agent: approve, drain, resume, revoke, remove. The scheduler reads the agent's
/// admission from the database at every placement, so a change here takes effect on its next pass, with no restart.</summary>
public static class AgentAdmin
{
    public enum Outcome { Done, NotFound, Conflict }

    public sealed record Change(Outcome Outcome, string? Admission = null, string? Why = null);

    /// <summary>The admission each action moves to, and the states it may start from.</summary>
    static readonly Dictionary<string, (string To, string[] From)> Moves = new()
    {
        ["approve"] = (AgentAdmission.Approved, [AgentAdmission.Pending, AgentAdmission.Revoked]),
        ["drain"] = (AgentAdmission.Draining, [AgentAdmission.Approved]),
        ["resume"] = (AgentAdmission.Approved, [AgentAdmission.Draining]),
        ["revoke"] = (AgentAdmission.Revoked, [AgentAdmission.Pending, AgentAdmission.Approved, AgentAdmission.Draining]),
    };

    public static IReadOnlyCollection<string> Actions => Moves.Keys;

    /// <summary>The actions open to an agent in <paramref name="admission"/>, for its buttons.</summary>
    public static IEnumerable<string> OpenTo(string admission) => Moves.Where(m => m.Value.From.Contains(admission)).Select(m => m.Key);

    public static async Task<Change> ApplyAsync(this FarmDbContext db, ClaimsPrincipal user, string agentId, string action, CancellationToken ct)
    {
        FarmAccess.Require(user, FarmRoles.Admin, action + " agents");
        var (to, from) = Moves[action];
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == agentId, ct);
        if (agent is null)
            return new(Outcome.NotFound);
        if (agent.Admission == to)
            return new(Outcome.Done, to);
        if (!from.Contains(agent.Admission))
            return new(Outcome.Conflict, agent.Admission, $"cannot {action} an agent that is {agent.Admission}");
        // Only from the state read: a scheduler writing the same row meanwhile (a token approving it) is not overwritten.
        var changed = await db.Agents.Where(a => a.Id == agentId && a.Admission == agent.Admission)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Admission, to), ct);
        return changed == 1 ? new(Outcome.Done, to) : new(Outcome.Conflict, null, "the agent changed meanwhile; try again");
    }

    /// <summary>Forgets an agent. One still holding builds is refused: drain it first. If it is still running it
    /// registers again as a new, pending agent.</summary>
    public static async Task<Change> RemoveAsync(this FarmDbContext db, ClaimsPrincipal user, string agentId, CancellationToken ct)
    {
        FarmAccess.Require(user, FarmRoles.Admin, "remove agents");
        if (!await db.Agents.AnyAsync(a => a.Id == agentId, ct))
            return new(Outcome.NotFound);
        if (await db.Builds.AnyAsync(b => b.AgentId == agentId && (b.Status == BuildStatus.Assigned || b.Status == BuildStatus.Running), ct))
            return new(Outcome.Conflict, null, "the agent still has builds; drain it and wait for them to finish");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.AgentCacheKeys.Where(k => k.AgentId == agentId).ExecuteDeleteAsync(ct);
        await db.AgentCacheDrops.Where(k => k.AgentId == agentId).ExecuteDeleteAsync(ct);
        await db.Agents.Where(a => a.Id == agentId).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return new(Outcome.Done);
    }
}
