using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using BuildFarm.Data;
using BuildFarm.Web.Features.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests;

/// <summary>A person the tests sign in as.</summary>
public sealed record TestAccount(string Id, string Email, string Password, string Role);

/// <summary>
/// People for the tests, made through Identity as the People page makes them, and signed in through the real sign-in
/// form (with its antiforgery token), so a cookie a test uses is one the farm itself issued.
/// </summary>
public static partial class TestAccounts
{
    public const string Password = "correct horse battery staple";

    public static async Task<TestAccount> CreateAsync(IServiceProvider services, string role, string? email = null)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FarmUser>>();
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.example";
        var user = new FarmUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return new TestAccount(user.Id, email, Password, role);
    }

    public static async Task<string> TokenAsync(IServiceProvider services, TestAccount account)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
        return (await db.CreateAsync(account.Id, "tests", DateTimeOffset.UtcNow, CancellationToken.None)).Token;
    }

    public static HttpClient WithToken(this WebApplicationFactory<Program> web, string token)
    {
        var client = web.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A browser-like client (cookies, no automatic redirects) signed in through the sign-in form.</summary>
    public static async Task<HttpClient> SignInAsync(this WebApplicationFactory<Program> web, string email, string password)
    {
        var client = web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PostSignInAsync(client, email, password);
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = Antiforgery(form),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    public static string Antiforgery(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
