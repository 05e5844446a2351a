using BuildFarm.Data;
using BuildFarm.Hosting;
using BuildFarm.Shared.People;
using BuildFarm.Web.Features.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Security;

/// <summary>
/// Makes the roles and, on a farm with nobody yet, its first admin: from FARM_ADMIN_EMAIL / FARM_ADMIN_PASSWORD when
/// set, else with a generated password written once to admin.password (mode 0600). The admin.token file becomes that
/// admin's first API token, so scripts written against the token-only farm keep working. Runs after the migrator
/// (registered after it), before the farm serves a request.
/// </summary>
sealed class FirstAdmin(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<FirstAdmin> log) : IHostedService
{
    public const string DefaultEmail = "admin@buildfarm.local";
    public const string PasswordFile = "admin.password";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in FarmRoles.All)
            if (!await roles.RoleExistsAsync(role))
                await Tolerate(roles.CreateAsync(new IdentityRole(role)), "role " + role);

        var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
        if (await db.Users.AnyAsync(cancellationToken))
            return;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FarmUser>>();
        var dataDir = FarmPaths.DataDir(configuration);
        var email = Setting("Farm:AdminEmail", "FARM_ADMIN_EMAIL") ?? DefaultEmail;
        var given = Setting("Farm:AdminPassword", "FARM_ADMIN_PASSWORD");
        var password = given ?? ApiTokenSecret.Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));

        var admin = new FarmUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            // Another Web process sharing the database made the admin first; anything else is the operator's input.
            if (await db.Users.AnyAsync(cancellationToken))
                return;
            throw new InvalidOperationException(
                $"The first admin ({email}) could not be created: {string.Join(" ", created.Errors.Select(e => e.Description))} " +
                "Fix FARM_ADMIN_EMAIL / FARM_ADMIN_PASSWORD and start again.");
        }
        await users.AddToRoleAsync(admin, FarmRoles.Admin);
        if (given is null)
        {
            var path = SecretFile.Write(dataDir, PasswordFile, password);
            log.LogWarning("First admin {Email} created; the generated password is in {PasswordPath} (shown once here: {Password})",
                email, path, password);
        }
        else
            log.LogInformation("First admin {Email} created with the password from FARM_ADMIN_PASSWORD", email);

        // A farm from before sign-in keeps the token its scripts already hold. The hash is stored before the file is
        // written: whoever sees the file can use it at once.
        var tokenPath = Path.Combine(dataDir, AdminToken.FileName);
        var existing = SecretFile.Read(tokenPath);
        var token = existing ?? ApiTokenSecret.New();
        var hash = ApiTokenSecret.Hash(token);
        if (!await db.ApiTokens.AnyAsync(t => t.Hash == hash, cancellationToken))
            await db.AddExistingTokenAsync(admin.Id, AdminToken.FileName, hash, time.GetUtcNow(), cancellationToken);
        if (existing is null)
            SecretFile.Write(dataDir, AdminToken.FileName, token);
        log.LogInformation("The first admin's REST API token is in {TokenPath}", tokenPath);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    string? Setting(string key, string environmentName) =>
        configuration[key] is { Length: > 0 } value ? value
        : configuration[environmentName] is { Length: > 0 } env ? env
        : null;

    async Task Tolerate(Task<IdentityResult> work, string what)
    {
        // Two processes starting together both try; the loser's "already taken" is not a failure.
        var result = await work;
        if (!result.Succeeded)
            log.LogDebug("Could not create {What}: {Errors}", what, string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
