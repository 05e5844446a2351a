using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Data;

/// <summary>Identity's tables under the farm's own naming (lower case, plural), instead of AspNetUsers and friends.</summary>
static class IdentityTables
{
    public static void Name(ModelBuilder b)
    {
        b.Entity<FarmUser>().ToTable("users");
        b.Entity<IdentityRole>().ToTable("roles");
        b.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        b.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        b.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        b.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        b.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
    }
}
