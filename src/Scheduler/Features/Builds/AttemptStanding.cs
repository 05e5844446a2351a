using BuildFarm.Data;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Features.Builds;

/// <summary>Whether an agent's attempt is still the one the farm counts on, and if not, what became of the build, in
/// words the agent can log.</summary>
static class AttemptStanding
{
    /// <summary>Null when the attempt is the build's current one, on this agent, and not over; otherwise why not.</summary>
    public static string? WhyNotCurrent(Build? build, int attempt, string agentId) => build switch
    {
        null => "the scheduler has no such build",
        { Status: BuildStatus.Cancelled } => "the build was cancelled",
        _ when BuildStatus.IsFinal(build.Status) => $"the build has {build.Status} (attempt {build.Attempt}, on {build.AgentId})",
        { Status: BuildStatus.Queued } => $"the build went back to the queue ({build.WaitingReason})",
        _ when build.Attempt != attempt || build.AgentId != agentId => $"the build is on attempt {build.Attempt}, on {build.AgentId}",
        _ => null,
    };
}
