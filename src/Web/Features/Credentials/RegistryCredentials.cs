using System.Security.Claims;
using BuildFarm.Data;
using BuildFarm.Shared.People;
using BuildFarm.Shared.References;
using BuildFarm.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Credentials;

/// <summary>A stored credential as the API and the page show it: everything but the secret.</summary>
public sealed record RegistryCredentialView(Guid Id, string Registry, string Username, DateTimeOffset UpdatedAt, string? UpdatedBy);

/// <summary>Whether a save made a credential or replaced one, and what it now is.</summary>
public sealed record SavedCredential(RegistryCredentialView Credential, bool Created);

/// <summary>The registry credentials an admin manages. Each call checks the caller's role itself: the page's buttons
/// reach it without passing any route's policy.</summary>
public sealed class RegistryCredentials(FarmDbContext db, CredentialCipher cipher, TimeProvider time, ILogger<RegistryCredentials> log)
{
    const string Manage = "manage registry credentials";

    public async Task<List<RegistryCredentialView>> ListAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        FarmAccess.Require(user, FarmRoles.Admin, Manage);
        return await db.RegistryCredentials.AsNoTracking().OrderBy(c => c.Registry)
            .Select(c => new RegistryCredentialView(c.Id, c.Registry, c.Username, c.UpdatedAt, c.UpdatedBy))
            .ToListAsync(ct);
    }

    /// <summary>Creates the registry's credential, or replaces the one it has. Call only with input whose
    /// <see cref="CredentialInput.Problems"/> are none.</summary>
    public async Task<SavedCredential> SaveAsync(ClaimsPrincipal user, CredentialInput input, CancellationToken ct)
    {
        FarmAccess.Require(user, FarmRoles.Admin, Manage);
        var registry = RegistryHost.Normalize(input.Registry!);
        var now = time.GetUtcNow();
        var row = await db.RegistryCredentials.FirstOrDefaultAsync(c => c.Registry == registry, ct);
        var created = row is null;
        row ??= db.RegistryCredentials.Add(new RegistryCredential { Id = Guid.CreateVersion7(now), Registry = registry, CreatedAt = now }).Entity;
        row.Username = input.Username!.Trim();
        row.ProtectedSecret = cipher.Protect(input.Password!);
        row.UpdatedAt = now;
        row.UpdatedBy = Who(user);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Registry credential for {Registry} {Change} by {User}", registry, created ? "created" : "replaced", row.UpdatedBy);
        return new SavedCredential(new RegistryCredentialView(row.Id, row.Registry, row.Username, row.UpdatedAt, row.UpdatedBy), created);
    }

    /// <summary>False when there was no such credential.</summary>
    public async Task<bool> RemoveAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        FarmAccess.Require(user, FarmRoles.Admin, Manage);
        var removed = await db.RegistryCredentials.Where(c => c.Id == id).ExecuteDeleteAsync(ct) > 0;
        if (removed)
            log.LogInformation("Registry credential {CredentialId} removed by {User}", id, Who(user));
        return removed;
    }

    static string? Who(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name;
}
