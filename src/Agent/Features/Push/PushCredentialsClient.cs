using BuildFarm.Agent.Features.Registration;
using BuildFarm.Contracts;
using BuildFarm.Shared.References;
using BuildFarm.Shared.Secrets;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Agent.Features.Push;

/// <summary>
/// Asks Web for the logins of a pushing build's registries, once the attempt is confirmed and before the source is
/// fetched: the agent must know the passwords before the first step prints anything, to mask them, and a build that
/// could not push is better refused now than after an hour of building.
/// </summary>
/// <remarks>
/// Faults. Web is the only part holding the keys that open stored credentials, so without an answer there are no
/// credentials, and the build fails with the reason ("no answer from Web within 30 s …"). That is not the user's
/// fault, but it is not <see cref="BuildOutcome.Lost"/> either: Lost would run the build again on another agent, which
/// would ask the same absent Web and fail the same way after building twice. The request carries a time-to-live equal to
/// the timeout, so a Web or broker that comes back later never answers a question nobody waits for; and any answer
/// is sealed to a key this process discarded, so a late one is ciphertext nobody can open. A broker gone at the moment
/// of asking looks the same as a silent Web: the request is not delivered and times out.
/// </remarks>
public sealed class PushCredentialsClient(IClientFactory clients, AgentIdentity identity, IOptions<AgentOptions> options,
    ILogger<PushCredentialsClient> log)
{
    /// <summary>The logins Web holds for the registries of <paramref name="start"/>'s tags (none for a registry pushed
    /// to anonymously).</summary>
    /// <exception cref="PushRefusedException">Web refused, or did not answer in time.</exception>
    public async Task<IReadOnlyList<RegistryLogin>> AskAsync(StartBuild start, CancellationToken ct)
    {
        var timeout = options.Value.PushCredentialsTimeout;
        var registries = Registries(start.Spec);
        using var box = new SecretBox();
        var client = clients.CreateRequestClient<GetPushCredentials>(timeout);
        Response<PushCredentialsGranted, PushCredentialsRefused> answer;
        try
        {
            answer = await client.GetResponse<PushCredentialsGranted, PushCredentialsRefused>(
                new GetPushCredentials(start.BuildId, start.Attempt, identity.Id, registries, box.PublicKey), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var why = e is RequestTimeoutException
                ? $"no answer from Web within {timeout.TotalSeconds:0} s (Web or the message broker is unavailable)"
                : $"the request did not reach Web: {e.Message}";
            log.LogWarning("Build {BuildId} attempt {Attempt}: push credentials not received: {Reason}", start.BuildId, start.Attempt, why);
            throw new PushRefusedException($"Could not get the credentials to push to {string.Join(", ", registries)}: {why}.", e);
        }
        if (answer.Is(out Response<PushCredentialsRefused>? refused))
            throw new PushRefusedException($"Web refused the credentials to push to {string.Join(", ", registries)}: {refused.Message.Reason}.");
        answer.Is(out Response<PushCredentialsGranted>? granted);
        var payload = box.Open(granted!.Message.Logins, RegistryLogin.Binding(start.BuildId, start.Attempt));
        try
        {
            var logins = RegistryLogin.Unpack(payload);
            log.LogInformation("Build {BuildId} attempt {Attempt}: credentials received for {Registries}", start.BuildId, start.Attempt,
                logins.Count == 0 ? "no registry (anonymous push)" : string.Join(", ", logins.Select(l => l.Registry)));
            return logins;
        }
        finally
        {
            Array.Clear(payload);
        }
    }

    public static IReadOnlyList<string> Registries(BuildSpec spec) =>
        spec.Tags.Select(RegistryHost.OfTag).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
}
