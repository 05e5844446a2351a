using BuildFarm.Agent.Features.Builds;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Features.Push;

/// <summary>Masks a pushing build's passwords in every step event before it leaves the agent: what a step printed, and
/// the instruction and error text, which quote the Dockerfile.</summary>
public sealed class ScrubbingSink(IBuildEventSink inner, SecretScrubber scrubber) : IBuildEventSink
{
    public Task StepStartedAsync(StepStarted e) =>
        inner.StepStartedAsync(e with { Instruction = scrubber.Scrub(e.Instruction), Stage = scrubber.ScrubOrNull(e.Stage) });

    public Task StepLoggedAsync(StepLogged e) =>
        inner.StepLoggedAsync(e with { Lines = e.Lines.Select(scrubber.Scrub).ToList() });

    public Task StepCompletedAsync(StepCompleted e) =>
        inner.StepCompletedAsync(e with
        {
            Instruction = scrubber.Scrub(e.Instruction),
            Stage = scrubber.ScrubOrNull(e.Stage),
            Error = scrubber.ScrubOrNull(e.Error),
        });
}
