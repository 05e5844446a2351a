using BuildFarm.Data;
using BuildFarm.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace BuildFarm.Web.Security;

/// <summary>
/// Who is asking: people sign in with Identity's cookie, scripts send a personal API token. One policy scheme picks
/// between them per request, so the same authorization policies guard pages, downloads and the REST API.
/// </summary>
public static class IdentitySetup
{
    const string Either = "CookieOrToken";
    /// <summary>Where Data Protection keeps its keys, under the farm's data folder: a database restored without this
    /// folder holds sessions and registry passwords nobody can open (people sign in again, admins save the passwords
    /// again), and one copied without it leaks none.</summary>
    public const string KeysFolder = "keys";

    public static IHostApplicationBuilder AddFarmIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Sign-in cookies (and stored registry secrets) are sealed with these keys: kept in the data folder, a restart
        // neither signs everyone out nor loses a secret.
        var keys = Directory.CreateDirectory(Path.Combine(FarmPaths.DataDir(builder.Configuration), KeysFolder));
        // The keys open every session and stored password: only the farm's own user may read them. (On Linux they are
        // plain XML, as Data Protection keeps them without a key-encryption certificate; the folder's mode protects them.)
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(keys.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // One application name for every Web process of a farm, so any of them opens what another sealed.
        services.AddDataProtection().SetApplicationName("BuildFarm").PersistKeysToFileSystem(keys);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Either;
                o.DefaultChallengeScheme = Either;
            })
            .AddPolicyScheme(Either, "cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                // Scripts never get a cookie redirect: the API answers 401 with a sentence, even without a header.
                ApiTokenAuthentication.HasBearer(context.Request) || context.Request.Path.StartsWithSegments("/api")
                    ? ApiTokenAuthentication.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "buildfarm.auth";
            o.Cookie.HttpOnly = true;
            // Lax, not Strict: a link to a build page pasted into chat must open signed in. Forms are covered by
            // antiforgery tokens, which is what Strict would otherwise add.
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the farm is served over HTTPS; a farm on a plain-http LAN address could not sign in at all
            // with Always, so this follows the request (README says to put TLS in front of an exposed farm).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromDays(7);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = async context =>
            {
                try
                {
                    await SecurityStampValidator.ValidatePrincipalAsync(context);
                }
                catch (Exception e) when (DatabaseOutage.Is(e) && ApiTokenAuthentication.OpenToAll(context.HttpContext))
                {
                    // As for tokens: the outage's own error page must render without asking the database who is looking.
                }
            };
        });
        // A disabled account or a changed role reaches open sessions within this, not after the cookie's week.
        var recheck = TimeSpan.FromSeconds(builder.Configuration.GetValue("Farm:SessionRecheckSeconds", 60.0));
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = recheck);
        services.AddSingleton(new SessionRecheck(recheck));

        services.AddIdentityCore<FarmUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // "Confirmed" means "not disabled" here (DisabledAccounts): Identity then refuses the sign-in itself.
                o.SignIn.RequireConfirmedAccount = true;
                // Length over composition rules (NIST SP 800-63B): a long passphrase beats "Passw0rd!".
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<FarmDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddScoped<IUserConfirmation<FarmUser>, DisabledAccounts>();

        FarmPolicies.Add(services.AddAuthorizationBuilder());
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, FarmAuthenticationState>();
        services.AddHostedService<FirstAdmin>();
        return builder;
    }
}
