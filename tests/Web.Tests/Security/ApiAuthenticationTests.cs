using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BuildFarm.Web.Tests.Security;

[Collection(WebCollection.Name)]
public class ApiAuthenticationTests(WebFixture web)
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/builds" },
        { "GET", $"/api/builds/{Guid.NewGuid()}" },
        { "POST", "/api/builds" },
        { "POST", $"/api/builds/{Guid.NewGuid()}/cancel" },
        { "GET", "/api/agents" },
        { "POST", "/api/agents/gpu-1/approve" },
        { "POST", "/api/agents/gpu-1/drain" },
        { "POST", "/api/agents/gpu-1/resume" },
        { "POST", "/api/agents/gpu-1/revoke" },
        { "DELETE", "/api/agents/gpu-1" },
        { "GET", "/api/agents/join-tokens" },
        { "POST", "/api/agents/join-tokens" },
        { "DELETE", $"/api/agents/join-tokens/{Guid.NewGuid()}" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Should_refuse_a_request_without_a_token(string method, string path)
    {
        using var client = web.CreateClient();

        var response = await client.SendAsync(Request(method, path));

        await AssertUnauthorized(response);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Should_refuse_a_wrong_token(string method, string path)
    {
        using var client = web.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-admin-token");

        var response = await client.SendAsync(Request(method, path));

        await AssertUnauthorized(response);
    }

    [Fact]
    public async Task Should_refuse_another_scheme_carrying_the_right_token()
    {
        using var client = web.CreateClient();
        var token = File.ReadAllText(Path.Combine(web.DataDir, "admin.token")).Trim();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);

        await AssertUnauthorized(await client.GetAsync("/api/builds"));
    }

    [Fact]
    public async Task Should_accept_the_token_from_the_data_folder()
    {
        using var client = web.CreateClient();
        var token = File.ReadAllText(Path.Combine(web.DataDir, "admin.token")).Trim();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/agents");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), path)
        {
            // A body that would fail binding must still get 401, not 400: authentication runs first.
            Content = method == "POST" ? JsonContent.Create(new { repository = "" }) : null,
        };

    static async Task AssertUnauthorized(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }
}
