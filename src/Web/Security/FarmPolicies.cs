using System.Security.Claims;
using BuildFarm.Shared.People;
using Microsoft.AspNetCore.Authorization;

namespace BuildFarm.Web.Security;

/// <summary>The authorization policies, one per role: each admits that role and every role above it.</summary>
public static class FarmPolicies
{
    public const string Viewer = "role:" + FarmRoles.Viewer;
    public const string Member = "role:" + FarmRoles.Member;
    public const string Admin = "role:" + FarmRoles.Admin;

    public static void Add(AuthorizationBuilder builder)
    {
        foreach (var role in FarmRoles.All)
            builder.AddPolicy("role:" + role, p => p.RequireAuthenticatedUser().RequireRole(FarmRoles.AtLeast(role)));
        // Anything mapped without a policy of its own still needs a signed-in person (the endpoint-list test also
        // fails it, so the fallback is the net, not the design).
        builder.SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(FarmRoles.All).Build());
    }
}

/// <summary>
/// The check a service makes before it acts. Pages and API routes are authorised too, but a Blazor button calls its
/// service over the circuit without passing any route, so the service asks again, for the user it was handed.
/// </summary>
public static class FarmAccess
{
    /// <summary>The caller's highest role, or null when signed out or holding none.</summary>
    public static string? RoleOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? FarmRoles.All.LastOrDefault(user.IsInRole)
            : null;

    public static bool Allows(ClaimsPrincipal user, string neededRole) => FarmRoles.Allows(RoleOf(user), neededRole);

    /// <exception cref="FarmForbiddenException">The caller's role is below <paramref name="neededRole"/>.</exception>
    public static void Require(ClaimsPrincipal user, string neededRole, string action)
    {
        if (!Allows(user, neededRole))
            throw new FarmForbiddenException(RoleOf(user) is null
                ? $"Sign in to {action}."
                : $"Only {Article(neededRole)} {neededRole} or above can {action}; you are {Article(RoleOf(user)!)} {RoleOf(user)}.");
    }

    /// <summary>The user's id (Identity's NameIdentifier), or null when signed out.</summary>
    public static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    static string Article(string role) => role == FarmRoles.Admin ? "an" : "a";
}

/// <summary>A signed-in caller asked for something their role does not allow; the message says what and why.</summary>
public sealed class FarmForbiddenException(string message) : Exception(message);
