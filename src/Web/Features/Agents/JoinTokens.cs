using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Agents;

/// <summary>A join token as listed: never its secret, which is only shown once (<see cref="NewJoinToken"/>).</summary>
public sealed record JoinTokenView(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>The answer to making a token: the only time the token itself is seen.</summary>
public sealed record NewJoinToken(Guid Id, string Token);

public sealed record CreateJoinToken(string Name);

public static class JoinTokens
{
    public const int MaxNameLength = 200;

    /// <summary>Why a name cannot be used, or null.</summary>
    public static string? Invalid(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "name is required"
        : name.Length > MaxNameLength ? $"name is longer than {MaxNameLength} characters"
        : name.Any(char.IsControl) ? "name contains control characters"
        : null;

    public static async Task<NewJoinToken> CreateAsync(this FarmDbContext db, string name, DateTimeOffset now, CancellationToken ct)
    {
        var token = JoinSecret.New();
        var row = new JoinToken { Id = Guid.NewGuid(), Name = name.Trim(), Hash = JoinSecret.Hash(token), CreatedAt = now };
        db.JoinTokens.Add(row);
        await db.SaveChangesAsync(ct);
        return new NewJoinToken(row.Id, token);
    }

    public static Task<List<JoinTokenView>> JoinTokensAsync(this FarmDbContext db, CancellationToken ct) =>
        db.JoinTokens.AsNoTracking().OrderByDescending(t => t.CreatedAt)
            .Select(t => new JoinTokenView(t.Id, t.Name, t.CreatedAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(ct);

    /// <summary>Revokes a token: agents that joined with it stay as they are (revoke those one by one), new ones stay
    /// pending. False when there is no such token.</summary>
    public static async Task<bool> RevokeAsync(this FarmDbContext db, Guid id, DateTimeOffset now, CancellationToken ct) =>
        await db.JoinTokens.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, t => t.RevokedAt ?? now), ct) == 1;
}
