using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using BuildFarm.Shared.People;
using BuildFarm.Web.Features.Credentials;
using BuildFarm.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests.Features.Credentials;

[Collection(WebCollection.Name)]
public class RegistryCredentialsApiTests(WebFixture web)
{
    static string Host() => $"reg-{Guid.NewGuid():N}"[..16] + ".example.com:5000";

    [Fact]
    public async Task Should_keep_the_password_as_ciphertext_and_list_the_credential_without_it()
    {
        var registry = Host();
        const string password = "s3cret-pass-ABC";
        using var client = web.ApiClient();

        var saved = await client.PutAsJsonAsync($"/api/registry-credentials/{registry}", new { username = "robot", password });
        var list = await client.GetStringAsync("/api/registry-credentials");

        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.DoesNotContain(password, await saved.Content.ReadAsStringAsync());
        Assert.DoesNotContain(password, list);
        var item = Assert.Single(JsonSerializer.Deserialize<List<JsonElement>>(list)!, c => c.GetProperty("registry").GetString() == registry);
        Assert.Equal(["id", "registry", "username", "updatedAt", "updatedBy"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("robot", "admin@buildfarm.local"), (item.GetProperty("username").GetString(), item.GetProperty("updatedBy").GetString()));
        var stored = await web.WithDbAsync(db => db.RegistryCredentials.SingleAsync(c => c.Registry == registry));
        Assert.DoesNotContain(password, stored.ProtectedSecret);
        Assert.Equal(password, web.Services.GetRequiredService<CredentialCipher>().Unprotect(stored.ProtectedSecret));
    }

    [Fact]
    public async Task Should_replace_a_registrys_credential_when_it_is_saved_again()
    {
        var registry = Host();
        using var client = web.ApiClient();

        var first = await client.PostAsJsonAsync("/api/registry-credentials", new { registry, username = "old", password = "one" });
        var second = await client.PutAsJsonAsync($"/api/registry-credentials/{registry.ToUpperInvariant()}", new { username = "new", password = "two" });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        var rows = await web.WithDbAsync(db => db.RegistryCredentials.Where(c => c.Registry == registry).ToListAsync());
        Assert.Equal("new", Assert.Single(rows).Username);
        Assert.Equal("two", web.Services.GetRequiredService<CredentialCipher>().Unprotect(rows[0].ProtectedSecret));
    }

    [Fact]
    public async Task Should_answer_400_naming_each_bad_field_in_a_sentence()
    {
        using var client = web.ApiClient();

        var response = await client.PostAsJsonAsync("/api/registry-credentials", new { registry = "https://ghcr.io", username = "", password = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("Registry 'https://ghcr.io' must be a host without a scheme: write 'ghcr.io'.", errors.GetProperty("registry")[0].GetString());
        Assert.Equal("Username is required: the registry signs the farm in with it.", errors.GetProperty("username")[0].GetString());
        Assert.Equal("Password is required: use the registry's password or an access token.", errors.GetProperty("password")[0].GetString());
    }

    [Fact]
    public async Task Should_remove_a_credential_once()
    {
        using var client = web.ApiClient();
        var created = await (await client.PutAsJsonAsync($"/api/registry-credentials/{Host()}", new { username = "u", password = "p" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();

        var first = await client.DeleteAsync($"/api/registry-credentials/{id}");
        var again = await client.DeleteAsync($"/api/registry-credentials/{id}");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (first.StatusCode, again.StatusCode));
    }

    [Fact]
    public async Task Should_refuse_a_caller_without_a_token()
    {
        using var client = web.CreateClient();

        var response = await client.GetAsync("/api/registry-credentials");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_a_member_in_the_service_itself_as_a_page_button_would_reach_it()
    {
        await using var scope = web.Services.CreateAsyncScope();
        var credentials = scope.ServiceProvider.GetRequiredService<RegistryCredentials>();
        var member = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, FarmRoles.Member)], "test"));

        var refused = await Assert.ThrowsAsync<FarmForbiddenException>(() =>
            credentials.SaveAsync(member, new CredentialInput("ghcr.io", "u", "p"), CancellationToken.None));

        Assert.Equal("Only an Admin or above can manage registry credentials; you are a Member.", refused.Message);
    }
}
