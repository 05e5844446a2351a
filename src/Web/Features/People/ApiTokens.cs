using System.Security.Claims;
using BuildFarm.Data;
using BuildFarm.Shared.People;
using BuildFarm.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.People;

/// <summary>A token as its owner sees it on the Settings page: never the token itself, which is shown once.</summary>
public sealed record ApiTokenView(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>The answer to making a token: the only time the token is shown.</summary>
public sealed record NewApiToken(Guid Id, string Token);

/// <summary>The body of <c>POST /api/users/{id}/tokens</c>.</summary>
public sealed record CreateApiToken(string? Name);

public static class ApiTokens
{
    public const int MaxNameLength = 200;

    /// <summary>Why a token name is refused, or null when it is fine.</summary>
    public static string? Invalid(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Give the token a name that says where it is used, e.g. \"CI on main\"."
        : name.Length > MaxNameLength ? $"A token name is at most {MaxNameLength} characters."
        : name.Any(char.IsControl) ? "A token name cannot hold control characters."
        : null;

    /// <summary>A person manages their own tokens; an admin manages anyone's (to revoke a leaked one at once).</summary>
    public static void RequireOwnerOrAdmin(ClaimsPrincipal caller, string ownerId)
    {
        if (FarmAccess.UserId(caller) != ownerId)
            FarmAccess.Require(caller, FarmRoles.Admin, "manage another person's API tokens");
        else
            FarmAccess.Require(caller, FarmRoles.Viewer, "manage API tokens");
    }

    public static async Task<NewApiToken> CreateAsync(this FarmDbContext db, string userId, string name, DateTimeOffset now, CancellationToken ct)
    {
        var token = ApiTokenSecret.New();
        var row = await db.AddExistingTokenAsync(userId, name.Trim(), ApiTokenSecret.Hash(token), now, ct);
        return new NewApiToken(row.Id, token);
    }

    /// <summary>Keeps a token made elsewhere (the first admin's admin.token file) by its hash.</summary>
    public static async Task<ApiToken> AddExistingTokenAsync(this FarmDbContext db, string userId, string name, string hash, DateTimeOffset now, CancellationToken ct)
    {
        var row = new ApiToken { Id = Guid.CreateVersion7(now), UserId = userId, Name = name, Hash = hash, CreatedAt = now };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    public static Task<List<ApiTokenView>> TokensOfAsync(this FarmDbContext db, string userId, CancellationToken ct) =>
        db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new ApiTokenView(t.Id, t.Name, t.CreatedAt, t.LastUsedAt))
            .ToListAsync(ct);

    /// <summary>Whose token it is, or null when there is no such token.</summary>
    public static Task<string?> OwnerOfTokenAsync(this FarmDbContext db, Guid id, CancellationToken ct) =>
        db.ApiTokens.Where(t => t.Id == id).Select(t => t.UserId).FirstOrDefaultAsync(ct);

    /// <summary>Deletes the row: a revoked token is unknown from the next request on.</summary>
    public static async Task<bool> RevokeTokenAsync(this FarmDbContext db, Guid id, CancellationToken ct) =>
        await db.ApiTokens.Where(t => t.Id == id).ExecuteDeleteAsync(ct) > 0;
}
