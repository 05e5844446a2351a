using BuildFarm.Contracts;
using BuildFarm.Shared.Agents;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Web.Features.Credentials;

/// <summary>What the farm knows, at the moment an agent asks, about the build it asks for and about the agent.</summary>
/// <param name="AttemptOutcome">The outcome of the asked-about attempt's row; null when it has none yet.</param>
/// <param name="Admission">The asking agent's admission; null when no agent has that id.</param>
public sealed record PushFacts(string Status, int Attempt, string? AgentId, bool Push, string? AttemptOutcome, string? Admission);

/// <summary>Whether an agent may have a build's registry credentials: only the admitted agent the build's current
/// attempt runs on, while it runs.</summary>
public static class PushGate
{
    /// <summary>Null when the credentials may go to the asking agent; otherwise why not, for the agent to fail the
    /// build with and for Web's log.</summary>
    /// <remarks>"While it runs" counts an attempt from its assignment: the agent confirms the attempt with the scheduler,
    /// then asks at once, while its BuildStarted may still be on its way (it goes through the agent's outbox), so a
    /// build the scheduler still calls assigned, to exactly this agent, on exactly this attempt, is running for this
    /// purpose. An agent's id is what it says it is: the broker is the boundary that keeps strangers from speaking,
    /// and the sealed answer only keeps listeners from reading.</remarks>
    public static string? WhyRefused(PushFacts? build, GetPushCredentials asked) => build switch
    {
        null => "the farm has no such build",
        { Push: false } => "the build does not push",
        _ when BuildStatus.IsFinal(build.Status) => $"the build has {build.Status}",
        _ when build.Attempt != asked.Attempt || build.AgentId != asked.AgentId =>
            $"the build is on attempt {build.Attempt}, on {build.AgentId ?? "no agent"}, not attempt {asked.Attempt} on {asked.AgentId}",
        { Status: not (BuildStatus.Assigned or BuildStatus.Running) } => $"the build is {build.Status}",
        // The scheduler opens an attempt's row on the attempt's first event, so none yet is an attempt not yet reported.
        { AttemptOutcome: { } outcome } when outcome != Shared.Builds.AttemptOutcome.Running =>
            $"attempt {asked.Attempt} is {outcome}, not running",
        { Admission: null } => $"agent {asked.AgentId} is not registered",
        { Admission: not (AgentAdmission.Approved or AgentAdmission.Draining) } =>
            $"agent {asked.AgentId} is {build.Admission}: only an approved agent receives credentials",
        _ => null,
    };
}
