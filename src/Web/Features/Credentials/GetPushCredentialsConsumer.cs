using System.Security.Cryptography;
using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.References;
using BuildFarm.Shared.Secrets;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Credentials;

/// <summary>
/// Answers an agent asking for a pushing build's registry credentials. Web answers because it alone holds the Data
/// Protection keys; it hands the logins only to the admitted agent running the build's current attempt
/// (<see cref="PushGate"/>), only for the registries of the build's stored tags, sealed to the key the agent sent.
/// </summary>
/// <remarks>The answer is sent non-durable with a short time-to-live: it waits in no queue on disk, and an agent that
/// stopped waiting never finds it later. It is sealed besides, so neither matters for the secret's sake.</remarks>
public sealed class GetPushCredentialsConsumer(FarmDbContext db, CredentialCipher cipher, ILogger<GetPushCredentialsConsumer> log)
    : IConsumer<GetPushCredentials>
{
    static readonly TimeSpan AnswerLifetime = TimeSpan.FromMinutes(1);

    public async Task Consume(ConsumeContext<GetPushCredentials> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var asked = await FactsAsync(m, ct);
        if (PushGate.WhyRefused(asked?.Facts, m) is { } why)
        {
            await RefuseAsync(context, why);
            return;
        }
        var wanted = asked!.Tags.Select(RegistryHost.OfTag).OfType<string>().Intersect(m.Registries.Select(RegistryHost.Normalize)).ToList();
        var rows = await db.RegistryCredentials.AsNoTracking().Where(c => wanted.Contains(c.Registry)).ToListAsync(ct);
        var logins = new List<RegistryLogin>();
        foreach (var row in rows)
        {
            try
            {
                logins.Add(new RegistryLogin(row.Registry, row.Username, cipher.Unprotect(row.ProtectedSecret)));
            }
            catch (CryptographicException)
            {
                await RefuseAsync(context, $"the stored credential for {row.Registry} cannot be opened with this farm's keys " +
                                           "(its data folder's keys/ changed); an admin must save it again");
                return;
            }
        }
        var payload = RegistryLogin.Pack(logins);
        SealedSecret box;
        try
        {
            box = SecretBox.Seal(m.AgentKey, payload, RegistryLogin.Binding(m.BuildId, m.Attempt));
        }
        catch (CryptographicException)
        {
            await RefuseAsync(context, "the agent's key is not a P-256 public key");
            return;
        }
        finally
        {
            Array.Clear(payload);
        }
        log.LogInformation("Push credentials for {Registries} sent to agent {AgentId} for build {BuildId} attempt {Attempt}",
            logins.Count == 0 ? "no registry" : string.Join(", ", logins.Select(l => l.Registry)), m.AgentId, m.BuildId, m.Attempt);
        await context.RespondAsync(new PushCredentialsGranted(m.BuildId, m.Attempt, box), (SendContext<PushCredentialsGranted> s) => Ephemeral(s));
    }

    async Task<Asked?> FactsAsync(GetPushCredentials m, CancellationToken ct)
    {
        var build = await db.Builds.AsNoTracking().Where(b => b.Id == m.BuildId)
            .Select(b => new { b.Status, b.Attempt, b.AgentId, b.Push, b.Tags }).FirstOrDefaultAsync(ct);
        if (build is null)
            return null;
        var outcome = await db.BuildAttempts.AsNoTracking().Where(a => a.BuildId == m.BuildId && a.Number == m.Attempt)
            .Select(a => a.Outcome).FirstOrDefaultAsync(ct);
        var admission = await db.Agents.AsNoTracking().Where(a => a.Id == m.AgentId).Select(a => a.Admission).FirstOrDefaultAsync(ct);
        return new Asked(new PushFacts(build.Status, build.Attempt, build.AgentId, build.Push, outcome, admission), build.Tags);
    }

    async Task RefuseAsync(ConsumeContext<GetPushCredentials> context, string why)
    {
        var m = context.Message;
        log.LogWarning("Push credentials for build {BuildId} attempt {Attempt} refused to agent {AgentId}: {Reason}", m.BuildId, m.Attempt, m.AgentId, why);
        await context.RespondAsync(new PushCredentialsRefused(m.BuildId, m.Attempt, why), (SendContext<PushCredentialsRefused> s) => Ephemeral(s));
    }

    static void Ephemeral(SendContext send)
    {
        send.Durable = false;
        send.TimeToLive = AnswerLifetime;
    }

    sealed record Asked(PushFacts Facts, List<string> Tags);
}
