using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Data;
using BuildFarm.Shared.People;
using BuildFarm.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.People;

/// <summary>People and their tokens through the API scripts use, as the issue spells it.</summary>
[Collection(WebCollection.Name)]
public class PeopleApiTests(WebFixture web)
{
    static string NewEmail() => $"ana-{Guid.NewGuid():N}@example.com";

    async Task<(string Id, string Email)> AddAsync(string role)
    {
        var email = NewEmail();
        var response = await web.ApiClient().PostAsJsonAsync("/api/users", new { email, role, password = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, email);
    }

    async Task<string> TokenAsync(HttpClient client, string userId, string name = "ci")
    {
        var response = await client.PostAsJsonAsync($"/api/users/{userId}/tokens", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    [Fact]
    public async Task Should_add_a_person_who_can_then_sign_in_and_script_with_their_own_token()
    {
        var email = NewEmail();

        var created = await web.ApiClient().PostAsJsonAsync("/api/users", new { email, role = "member", password = TestAccounts.Password });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((email, "Member"), (body.GetProperty("email").GetString(), body.GetProperty("role").GetString()));
        var id = body.GetProperty("id").GetString()!;
        var browser = await web.SignInAsync(email, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/builds")).StatusCode);
        // The browser's cookie opens pages only; the API takes tokens, made here by an admin for the person.
        var token = await TokenAsync(web.ApiClient(), id);
        var me = await web.WithToken(token).GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal((email, "Member"), (me.GetProperty("email").GetString(), me.GetProperty("role").GetString()));
        var stored = await web.WithDbAsync(db => db.ApiTokens.SingleAsync(t => t.UserId == id));
        Assert.Equal(ApiTokenSecret.Hash(token), stored.Hash);
        Assert.DoesNotContain(token, await web.WithDbAsync(db => db.ApiTokens.Select(t => t.Hash + t.Name).ToListAsync()));
    }

    [Theory]
    [InlineData("not-an-email", "Member", TestAccounts.Password, "email")]
    [InlineData("x@example.com", "Owner", TestAccounts.Password, "role")]
    [InlineData("y@example.com", "Viewer", "short", "password")]
    public async Task Should_refuse_a_bad_person_naming_the_field(string email, string role, string password, string field)
    {
        var response = await web.ApiClient().PostAsJsonAsync("/api/users", new { email, role, password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var sentences), errors.ToString());
        Assert.EndsWith(".", sentences[0].GetString());
    }

    [Fact]
    public async Task Should_refuse_a_second_account_with_the_same_email()
    {
        var (_, email) = await AddAsync(FarmRoles.Viewer);

        var again = await web.ApiClient().PostAsJsonAsync("/api/users", new { email, role = "Viewer", password = TestAccounts.Password });

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already taken", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_stop_a_revoked_token_at_the_next_request()
    {
        var (id, _) = await AddAsync(FarmRoles.Member);
        var token = await TokenAsync(web.ApiClient(), id);
        using var script = web.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/builds")).StatusCode);
        var listed = await web.ApiClient().GetFromJsonAsync<JsonElement>($"/api/users/{id}/tokens");
        var row = Assert.Single(listed.EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, row.GetProperty("lastUsedAt").ValueKind);

        var revoked = await script.DeleteAsync($"/api/tokens/{row.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/builds")).StatusCode);
    }

    [Fact]
    public async Task Should_keep_each_person_to_their_own_tokens_unless_admin()
    {
        var (alice, _) = await AddAsync(FarmRoles.Member);
        var (bob, _) = await AddAsync(FarmRoles.Member);
        using var asAlice = web.WithToken(await TokenAsync(web.ApiClient(), alice));
        var bobsToken = await TokenAsync(web.ApiClient(), bob);
        var bobsTokenId = (await web.ApiClient().GetFromJsonAsync<JsonElement>($"/api/users/{bob}/tokens"))[0].GetProperty("id").GetString();

        var make = await asAlice.PostAsJsonAsync($"/api/users/{bob}/tokens", new { name = "mine now" });
        var list = await asAlice.GetAsync($"/api/users/{bob}/tokens");
        var revoke = await asAlice.DeleteAsync($"/api/tokens/{bobsTokenId}");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound), (make.StatusCode, list.StatusCode, revoke.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await web.WithToken(bobsToken).GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await web.ApiClient().DeleteAsync($"/api/tokens/{bobsTokenId}")).StatusCode);
    }

    [Fact]
    public async Task Should_apply_a_role_change_and_a_disable_to_the_persons_token_at_once()
    {
        var (id, _) = await AddAsync(FarmRoles.Member);
        using var script = web.WithToken(await TokenAsync(web.ApiClient(), id));
        var build = new { repository = $"https://git.example.com/role-{Guid.NewGuid():N}.git", @ref = "main" };
        Assert.Equal(HttpStatusCode.Accepted, (await script.PostAsJsonAsync("/api/builds", build)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await web.ApiClient().PatchAsJsonAsync($"/api/users/{id}", new { role = "Viewer" })).StatusCode);
        var demoted = await script.PostAsJsonAsync("/api/builds", build);
        Assert.Equal(HttpStatusCode.NoContent, (await web.ApiClient().PatchAsJsonAsync($"/api/users/{id}", new { disabled = true })).StatusCode);
        var disabled = await script.GetAsync("/api/builds");

        Assert.Equal(HttpStatusCode.Forbidden, demoted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, disabled.StatusCode);
        Assert.Contains("disabled", await disabled.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_list_builds_queued_by_the_caller_when_asked_for_mine()
    {
        var repository = $"https://git.example.com/mine-{Guid.NewGuid():N}.git";
        var (member, _) = await web.PersonAsync(FarmRoles.Member);
        using var asMember = web.MemberClient();
        Assert.Equal(HttpStatusCode.Accepted, (await asMember.PostAsJsonAsync("/api/builds", new { repository, @ref = "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await web.ApiClient().PostAsJsonAsync("/api/builds", new { repository, @ref = "b" })).StatusCode);

        var mine = await asMember.GetFromJsonAsync<JsonElement>($"/api/builds?mine=true&repository={Uri.EscapeDataString(repository)}");
        var all = await asMember.GetFromJsonAsync<JsonElement>($"/api/builds?repository={Uri.EscapeDataString(repository)}");
        var page = await asMember.GetStringAsync($"/builds?mine=true&repository={Uri.EscapeDataString(repository)}");

        var row = Assert.Single(mine.EnumerateArray());
        Assert.Equal(("a", member.Email), (row.GetProperty("ref").GetString(), row.GetProperty("queuedBy").GetString()));
        Assert.Equal(2, all.GetArrayLength());
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "data-testid=\"build-row\""));
    }
}
