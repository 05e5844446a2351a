using BuildFarm.Data;
using BuildFarm.Shared.Agents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Scheduler.Features.Agents;

/// <summary>
/// Decides whether an agent may take builds when it reports. A new agent starts pending unless the farm does not ask for
/// join tokens; a registration with a valid token approves a pending one. What an admin decided (drain, revoke) is never
/// undone by a token: the agent would otherwise only have to restart to shake it off.
/// </summary>
public sealed class JoinGate(IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<JoinGate> log)
{
    public string Initial => options.Value.RequireJoinToken ? AgentAdmission.Pending : AgentAdmission.Approved;

    /// <param name="warn">Whether a refusal is logged: once a registration, not every heartbeat.</param>
    public async Task AdmitAsync(FarmDbContext db, Agent agent, string? token, bool warn, CancellationToken ct)
    {
        if (agent.Admission != AgentAdmission.Pending)
            return;
        if (string.IsNullOrEmpty(token) || !await ValidAsync(db, token, ct))
        {
            if (warn)
                log.LogWarning("Agent {AgentId} ({AgentName}) registered without a valid join token; it waits for an admin's approval",
                    agent.Id, agent.Name);
            return;
        }
        agent.Admission = AgentAdmission.Approved;
        log.LogInformation("Agent {AgentId} ({AgentName}) approved by its join token", agent.Id, agent.Name);
    }

    async Task<bool> ValidAsync(FarmDbContext db, string token, CancellationToken ct)
    {
        if (options.Value.JoinToken is { Length: > 0 } configured
            && JoinSecret.Matches(token, JoinSecret.Hash(configured)))
            return true;
        // Every live hash is compared, in constant time each: an admin makes a handful of tokens, not thousands.
        var live = await db.JoinTokens.Where(t => t.RevokedAt == null).ToListAsync(ct);
        var match = live.FirstOrDefault(t => JoinSecret.Matches(token, t.Hash));
        if (match is null)
            return false;
        match.LastUsedAt = clock.GetUtcNow();
        return true;
    }
}
