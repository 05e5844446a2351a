using System.Security.Claims;
using BuildFarm.Data;
using BuildFarm.Shared.People;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.People;

/// <summary>A person as the users page and the API show them.</summary>
public sealed record PersonView(string Id, string Email, string Role, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt,
    DateTimeOffset? LockedOutUntil, int Tokens);

/// <summary>The answer to creating a person.</summary>
public sealed record CreatedPerson(string Id, string Email, string Role);

/// <summary>What went wrong, by field, in sentences.</summary>
public sealed record PeopleResult(bool Succeeded, Dictionary<string, string[]> Errors, bool NotFound = false)
{
    public static readonly PeopleResult Done = new(true, []);
    public static PeopleResult Missing => new(false, [], NotFound: true);
    public static PeopleResult Refused(string field, string why) => new(false, new() { [field] = [why] });
}

/// <summary>
/// Adding people, changing their role, disabling them. Each method checks the caller's role itself: the users page's
/// buttons call it over the circuit, where no route's policy is asked. A role change or a disable also renews the
/// person's security stamp, which ends their open sessions within a minute (see FarmAuthenticationState).
/// </summary>
public sealed class People(UserManager<FarmUser> users, FarmDbContext db, TimeProvider time)
{
    public async Task<List<PersonView>> ListAsync(ClaimsPrincipal caller, CancellationToken ct)
    {
        FarmAccess.Require(caller, FarmRoles.Admin, "list people");
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.Email)
            .Select(u => new
            {
                u.Id, u.Email, u.CreatedAt, u.DisabledAt, u.LockoutEnd,
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToList(),
                Tokens = db.ApiTokens.Count(t => t.UserId == u.Id),
            })
            .ToListAsync(ct);
        var now = time.GetUtcNow();
        return rows.Select(u => new PersonView(u.Id, u.Email ?? "", Highest(u.Roles), u.CreatedAt, u.DisabledAt,
            u.LockoutEnd > now ? u.LockoutEnd : null, u.Tokens)).ToList();
    }

    public async Task<(CreatedPerson? Person, PeopleResult Result)> CreateAsync(ClaimsPrincipal caller, string? email, string? role,
        string? password, CancellationToken ct)
    {
        FarmAccess.Require(caller, FarmRoles.Admin, "add people");
        var errors = new Dictionary<string, string[]>();
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
            errors["email"] = ["Give an email address such as ana@example.com."];
        var parsedRole = FarmRoles.Parse(role);
        if (parsedRole is null)
            errors["role"] = [$"The role must be one of {string.Join(", ", FarmRoles.All)}."];
        if (string.IsNullOrEmpty(password))
            errors["password"] = ["Give a password; the person can change it after signing in."];
        if (errors.Count > 0)
            return (null, new PeopleResult(false, errors));

        var person = new FarmUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(person, password!);
        if (!created.Succeeded)
            return (null, Describe(created));
        await users.AddToRoleAsync(person, parsedRole!);
        return (new CreatedPerson(person.Id, email!, parsedRole!), PeopleResult.Done);
    }

    public async Task<PeopleResult> SetRoleAsync(ClaimsPrincipal caller, string id, string? role, CancellationToken ct)
    {
        FarmAccess.Require(caller, FarmRoles.Admin, "change roles");
        var parsedRole = FarmRoles.Parse(role);
        if (parsedRole is null)
            return PeopleResult.Refused("role", $"The role must be one of {string.Join(", ", FarmRoles.All)}.");
        var person = await users.FindByIdAsync(id);
        if (person is null)
            return PeopleResult.Missing;
        if (parsedRole != FarmRoles.Admin && await IsLastAdminAsync(person, ct))
            return PeopleResult.Refused("role", "This is the farm's only active admin; make someone else an admin first.");
        var current = await users.GetRolesAsync(person);
        await users.RemoveFromRolesAsync(person, current);
        await users.AddToRoleAsync(person, parsedRole);
        await users.UpdateSecurityStampAsync(person);
        return PeopleResult.Done;
    }

    public async Task<PeopleResult> SetDisabledAsync(ClaimsPrincipal caller, string id, bool disabled, CancellationToken ct)
    {
        FarmAccess.Require(caller, FarmRoles.Admin, disabled ? "disable people" : "enable people");
        var person = await users.FindByIdAsync(id);
        if (person is null)
            return PeopleResult.Missing;
        if (disabled && person.DisabledAt is null && await IsLastAdminAsync(person, ct))
            return PeopleResult.Refused("disabled", "This is the farm's only active admin; make someone else an admin first.");
        person.DisabledAt = disabled ? person.DisabledAt ?? time.GetUtcNow() : null;
        await users.UpdateAsync(person);
        await users.UpdateSecurityStampAsync(person);
        return PeopleResult.Done;
    }

    /// <summary>The farm must always keep one admin who can sign in, or nobody could ever approve an agent again.</summary>
    async Task<bool> IsLastAdminAsync(FarmUser person, CancellationToken ct)
    {
        if (!await users.IsInRoleAsync(person, FarmRoles.Admin) || person.DisabledAt is not null)
            return false;
        var admins = await users.GetUsersInRoleAsync(FarmRoles.Admin);
        return admins.Count(a => a.DisabledAt is null) <= 1;
    }

    static string Highest(IEnumerable<string?> roles) => FarmRoles.All.LastOrDefault(roles.Contains) ?? "none";

    static PeopleResult Describe(IdentityResult result)
    {
        var errors = new Dictionary<string, List<string>>();
        foreach (var e in result.Errors)
        {
            var field = e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email"
                : "";
            errors.TryAdd(field, []);
            errors[field].Add(e.Description);
        }
        return new PeopleResult(false, errors.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray()));
    }
}
