using Microsoft.AspNetCore.Identity;

namespace BuildFarm.Data;

/// <summary>A person who signs in to the farm. Identity keeps the password hash, lockout and security stamp; the farm
/// adds only what Identity has no word for.</summary>
public class FarmUser : IdentityUser
{
    /// <summary>Set when an admin disables the account: it can no longer sign in, and its API tokens stop working.
    /// Kept apart from Identity's lockout, which counts failed passwords and lifts itself.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
