using System.Security.Claims;
using BuildFarm.Shared.People;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace BuildFarm.Web.Features.Credentials;

/// <summary>
/// TEMPORARY, delete when sign-in lands (issue 11): until then the farm registers none of
/// <see cref="FarmPolicies"/> and its admin token carries no role, so the credentials API and page could not be used.
/// This registers each role's policy on the admin-token scheme where no one else has, and gives the admin token the
/// Admin role it will carry anyway. Both do nothing once the real ones exist: the policies are added only where
/// missing, and the role only where the token's identity has none.
/// </summary>
static class SignInStandIn
{
    public static void Add(IServiceCollection services)
    {
        services.PostConfigure<AuthorizationOptions>(o =>
        {
            foreach (var role in FarmRoles.All)
            {
                if (o.GetPolicy("role:" + role) is null)
                    o.AddPolicy("role:" + role, p => p.AddAuthenticationSchemes(AdminTokenAuthentication.SchemeName)
                        .RequireAuthenticatedUser().RequireRole(FarmRoles.AtLeast(role)));
            }
        });
        services.AddTransient<IClaimsTransformation, AdminTokenRole>();
    }

    sealed class AdminTokenRole : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            if (principal.Identity is not ClaimsIdentity { AuthenticationType: AdminTokenAuthentication.SchemeName } identity
                || identity.HasClaim(c => c.Type == identity.RoleClaimType))
                return Task.FromResult(principal);
            var withRole = principal.Clone();
            ((ClaimsIdentity)withRole.Identity!).AddClaim(new Claim(identity.RoleClaimType, FarmRoles.Admin));
            return Task.FromResult(withRole);
        }
    }
}
