using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Agents;

[Collection(WebCollection.Name)]
public class JoinTokensApiTests(WebFixture web)
{
    static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    async Task<(Guid Id, string Token)> CreateAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/agents/join-tokens", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("id").GetGuid(), json.GetProperty("token").GetString()!);
    }

    [Fact]
    public async Task Should_show_a_new_token_once_and_store_only_its_hash()
    {
        using var client = web.ApiClient();
        var name = $"gpu hosts {Guid.NewGuid():N}";

        var (id, token) = await CreateAsync(client, name);

        Assert.True(token.Length >= 40, $"a 32-byte token, got {token.Length} characters");
        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/agents/join-tokens")).EnumerateArray()
            .Single(t => t.GetProperty("id").GetGuid() == id);
        Assert.Equal(name, listed.GetProperty("name").GetString());
        Assert.False(listed.TryGetProperty("token", out _));
        Assert.False(listed.TryGetProperty("hash", out _));
        var listing = await client.GetStringAsync("/api/agents/join-tokens");
        Assert.DoesNotContain(token, listing);
        // Every column of the table, read raw: the token itself is nowhere, its SHA-256 is.
        var rows = await web.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT \"Id\" || ' ' || \"Name\" || ' ' || \"Hash\" AS \"Value\" FROM join_tokens").ToListAsync());
        Assert.DoesNotContain(rows, r => r.Contains(token, StringComparison.Ordinal));
        Assert.Contains(rows, r => r.EndsWith(" " + Sha256(token), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_make_a_different_token_each_time()
    {
        using var client = web.ApiClient();

        var first = await CreateAsync(client, "one");
        var second = await CreateAsync(client, "two");

        Assert.NotEqual(first.Token, second.Token);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task Should_revoke_a_token_and_list_when_it_was_revoked()
    {
        using var client = web.ApiClient();
        var (id, _) = await CreateAsync(client, "to revoke");

        var revoked = await client.DeleteAsync($"/api/agents/join-tokens/{id}");
        var missing = await client.DeleteAsync($"/api/agents/join-tokens/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/agents/join-tokens")).EnumerateArray()
            .Single(t => t.GetProperty("id").GetGuid() == id);
        Assert.Equal(JsonValueKind.String, listed.GetProperty("revokedAt").ValueKind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    public async Task Should_refuse_a_token_without_a_usable_name(string name)
    {
        using var client = web.ApiClient();

        var response = await client.PostAsJsonAsync("/api/agents/join-tokens", new { name });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name", await response.Content.ReadAsStringAsync());
    }
}
