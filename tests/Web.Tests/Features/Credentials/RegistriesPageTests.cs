using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using BuildFarm.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests.Features.Credentials;

[Collection(WebCollection.Name)]
public partial class RegistriesPageTests(WebFixture web)
{
    [Fact]
    public async Task Should_save_a_credential_from_the_form_and_never_write_the_password_back_into_the_page()
    {
        var registry = $"page-{Guid.NewGuid():N}"[..14] + ".example.com";
        const string password = "typed-Secret-42";

        var page = await PostAsync(new()
        {
            ["_handler"] = "save-credential",
            ["Input.Registry"] = registry,
            ["Input.Username"] = "robot",
            ["Input.Password"] = password,
        });

        Assert.Contains($"Saved the credential for {registry} (user robot).", page);
        Assert.Contains($"data-registry=\"{registry}\"", page);
        Assert.DoesNotContain(password, page);
        Assert.Matches("<input id=\"password\" name=\"Input.Password\" type=\"password\" autocomplete=\"new-password\"", page);
        Assert.True(await web.WithDbAsync(db => db.RegistryCredentials.AnyAsync(c => c.Registry == registry)));
    }

    [Fact]
    public async Task Should_show_what_is_wrong_and_drop_the_typed_password_when_the_form_is_refused()
    {
        const string password = "refused-Secret-43";

        var page = await PostAsync(new()
        {
            ["_handler"] = "save-credential",
            ["Input.Registry"] = "ghcr.io/team",
            ["Input.Username"] = "robot",
            ["Input.Password"] = password,
        });

        Assert.Contains("Registry &#x27;ghcr.io/team&#x27; must be a host without a path", page);
        Assert.Contains("value=\"ghcr.io/team\"", page);
        Assert.DoesNotContain(password, page);
    }

    [Fact]
    public async Task Should_remove_a_credential_with_its_row_button()
    {
        var registry = $"gone-{Guid.NewGuid():N}"[..14] + ".example.com";
        await PostAsync(new() { ["_handler"] = "save-credential", ["Input.Registry"] = registry, ["Input.Username"] = "u", ["Input.Password"] = "p" });
        var id = await web.WithDbAsync(db => db.RegistryCredentials.Where(c => c.Registry == registry).Select(c => c.Id).SingleAsync());

        var page = await PostAsync(new() { ["_handler"] = "remove-credential", ["RemoveId"] = id.ToString() });

        Assert.Contains($"Removed the credential for {registry}.", page);
        Assert.False(await web.WithDbAsync(db => db.RegistryCredentials.AnyAsync(c => c.Id == id)));
    }

    /// <summary>Posts the page's form as a browser would: signed in through the sign-in page as an admin, with the
    /// antiforgery token the page handed out.</summary>
    async Task<string> PostAsync(Dictionary<string, string> fields)
    {
        var admin = await TestAccounts.CreateAsync(web.Services, BuildFarm.Shared.People.FarmRoles.Admin);
        using var client = await web.SignInAsync(admin.Email, admin.Password);
        var form = await client.GetStringAsync("/settings/registries");
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/settings/registries", new FormUrlEncodedContent(fields));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
