using System.Net;
using BuildFarm.Shared.People;
using BuildFarm.Web.Features.Account;

namespace BuildFarm.Web.Tests.Features.Account;

/// <summary>The sign-in page as people meet it: right and wrong passwords, lockout, disabled accounts, sign-out.</summary>
[Collection(WebCollection.Name)]
public class SignInTests(WebFixture web)
{
    HttpClient Browser() => web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task Should_sign_in_with_the_right_password_and_open_the_pages()
    {
        var person = await TestAccounts.CreateAsync(web.Services, FarmRoles.Viewer);
        using var browser = Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/builds")).StatusCode);

        var signedIn = await TestAccounts.PostSignInAsync(browser, person.Email, person.Password);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/builds")).StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("buildfarm.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("https://localhost", true)]
    [InlineData("http://localhost", false)]
    public async Task Should_mark_the_sign_in_cookie_secure_whenever_the_farm_is_reached_over_https(string address, bool secure)
    {
        var person = await TestAccounts.CreateAsync(web.Services, FarmRoles.Viewer);
        using var browser = web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(address) });

        var signedIn = await TestAccounts.PostSignInAsync(browser, person.Email, person.Password);

        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("buildfarm.auth=", StringComparison.Ordinal));
        Assert.Equal(secure, cookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Should_say_so_in_a_sentence_when_the_password_is_wrong_and_sign_nobody_in()
    {
        var person = await TestAccounts.CreateAsync(web.Services, FarmRoles.Viewer);
        using var browser = Browser();

        var response = await TestAccounts.PostSignInAsync(browser, person.Email, "not the password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("That email and password do not match an account here.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/builds")).StatusCode);
    }

    [Fact]
    public async Task Should_lock_the_account_after_five_wrong_passwords_even_against_the_right_one()
    {
        var person = await TestAccounts.CreateAsync(web.Services, FarmRoles.Member);
        using var browser = Browser();
        for (var i = 0; i < 5; i++)
            await TestAccounts.PostSignInAsync(browser, person.Email, $"guess {i}");

        var right = await TestAccounts.PostSignInAsync(browser, person.Email, person.Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked for 15 minutes", await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/builds")).StatusCode);
    }

    [Fact]
    public async Task Should_refuse_a_disabled_account_and_end_its_open_session()
    {
        var person = await TestAccounts.CreateAsync(web.Services, FarmRoles.Member);
        using var session = await web.SignInAsync(person.Email, person.Password);
        using var admin = web.ApiClient();

        var disabled = await admin.PatchAsync($"/api/users/{person.Id}",
            new StringContent("{\"disabled\":true}", System.Text.Encoding.UTF8, "application/json"));
        using var browser = Browser();
        var again = await TestAccounts.PostSignInAsync(browser, person.Email, person.Password);

        Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        Assert.Contains("This account is disabled.", await again.Content.ReadAsStringAsync());
        // The open session's cookie carries the old security stamp; this fixture re-checks it on every request (the
        // farm does every Farm:SessionRecheckSeconds, a minute by default).
        var open = await session.GetAsync("/builds");
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Contains("/account/login", open.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Should_sign_out_only_through_a_form_carrying_its_antiforgery_token()
    {
        var person = await TestAccounts.CreateAsync(web.Services, FarmRoles.Viewer);
        using var browser = await web.SignInAsync(person.Email, person.Password);
        var page = await browser.GetStringAsync("/builds");

        var forged = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/builds")).StatusCode);
        var real = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = "/", ["__RequestVerificationToken"] = TestAccounts.Antiforgery(page),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/builds")).StatusCode);
    }

    [Theory]
    [InlineData("/builds?status=failed", "/builds?status=failed")]
    [InlineData("/", "/")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/builds\r\nSet-Cookie: x=1", "/")]
    [InlineData(null, "/")]
    public void Should_return_only_to_a_path_on_this_farm(string? returnUrl, string expected) =>
        Assert.Equal(expected, LocalReturnUrl.Or(returnUrl, "/"));
}
