using BuildFarm.Agent.Features.Registration;
using BuildFarm.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Agent.Features.Intake;

/// <summary>Asks the scheduler, just before an attempt starts, whether it is still the build's current one. A StartBuild
/// can wait in the agent's queue while the build moves elsewhere; running it then would run the build twice.</summary>
public sealed class AttemptGate(IClientFactory clients, AgentIdentity identity, IOptions<AgentOptions> options, TimeProvider clock,
    ILogger<AttemptGate> log)
{
    /// <summary>The scheduler's answer. Without one (scheduler or broker away) it asks again until answered: an attempt
    /// never runs blind. Only cancelling <paramref name="ct"/> ends the wait, with an <see cref="OperationCanceledException"/>.</summary>
    public async Task<AttemptChecked> AskAsync(StartBuild start, CancellationToken ct)
    {
        var o = options.Value;
        var client = clients.CreateRequestClient<CheckAttempt>(o.CheckTimeout);
        var question = new CheckAttempt(start.BuildId, start.Attempt, identity.Id);
        for (var tries = 1; ; tries++)
        {
            try
            {
                var answer = await client.GetResponse<AttemptChecked>(question, ct);
                return answer.Message;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogWarning("Build {BuildId} attempt {Attempt} not confirmed by the scheduler (try {Try}): {Error}; asking again in {Retry}",
                    start.BuildId, start.Attempt, tries, e.Message, o.CheckRetry);
            }
            await Task.Delay(o.CheckRetry, clock, ct);
        }
    }
}
