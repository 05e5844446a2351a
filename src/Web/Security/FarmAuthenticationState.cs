using System.Security.Claims;
using BuildFarm.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BuildFarm.Web.Security;

/// <summary>
/// A live page keeps its circuit for hours, long after the cookie that opened it was checked. This asks again every
/// <c>Farm:SessionRecheckSeconds</c> (a minute): a person disabled, removed or given another role meanwhile (each of which changes the
/// security stamp) loses the signed-in state of every open page, and with it every button the page offered.
/// </summary>
sealed class FarmAuthenticationState(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity,
    SessionRecheck recheck) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    // A zero interval (tests) would spin; a second is as often as a circuit needs to ask.
    protected override TimeSpan RevalidationInterval => recheck.Interval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : recheck.Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FarmUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null || user.DisabledAt is not null)
            return false;
        if (!users.SupportsUserSecurityStamp)
            return true;
        var stamp = state.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}

/// <summary>How often open sessions and circuits ask again whether their person may still sign in.</summary>
sealed record SessionRecheck(TimeSpan Interval);
