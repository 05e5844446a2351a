using BuildFarm.Contracts;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>Where a running build's step events go: the bus in the agent, a recording list in tests.</summary>
public interface IBuildEventSink
{
    Task StepStartedAsync(StepStarted e);

    Task StepLoggedAsync(StepLogged e);

    Task StepCompletedAsync(StepCompleted e);
}
