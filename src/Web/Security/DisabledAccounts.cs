using BuildFarm.Data;
using Microsoft.AspNetCore.Identity;

namespace BuildFarm.Web.Security;

/// <summary>Identity asks this before any sign-in (with RequireConfirmedAccount on): a disabled person gets "not
/// allowed", which the sign-in page turns into a sentence, instead of a session.</summary>
sealed class DisabledAccounts : IUserConfirmation<FarmUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<FarmUser> manager, FarmUser user) => Task.FromResult(user.DisabledAt is null);
}
