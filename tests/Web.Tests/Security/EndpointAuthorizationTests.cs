using System.Net;
using System.Text;
using BuildFarm.Shared.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests.Security;

/// <summary>
/// Every route the farm maps, with the least role that may use it. The test walks the app's own endpoint list, so a
/// route added without a line here (and so without a decision about who may call it) fails, and then calls each
/// route as nobody, a Viewer, a Member and an Admin to show the server, not the page, enforces the line.
/// </summary>
[Collection(WebCollection.Name)]
public class EndpointAuthorizationTests(WebFixture web)
{
    const string Anyone = "anyone";
    /// <summary>Any signed-in role; the handler then keeps each person to their own (their tokens).</summary>
    const string Self = "self";

    static readonly Dictionary<string, string> Routes = new()
    {
        ["GET /api/me"] = FarmRoles.Viewer,
        ["GET /api/builds"] = FarmRoles.Viewer,
        ["POST /api/builds"] = FarmRoles.Member,
        ["GET /api/builds/{id:guid}"] = FarmRoles.Viewer,
        ["POST /api/builds/{id:guid}/cancel"] = FarmRoles.Member,
        ["GET /api/builds/{id:guid}/log"] = FarmRoles.Viewer,
        ["GET /api/builds/{id:guid}/steps/{index:int}/log"] = FarmRoles.Viewer,
        ["GET /builds/{id:guid}/log"] = FarmRoles.Viewer,
        ["GET /builds/{id:guid}/steps/{index:int}/log"] = FarmRoles.Viewer,
        ["GET /api/agents"] = FarmRoles.Viewer,
        ["POST /api/agents/{id}/approve"] = FarmRoles.Admin,
        ["POST /api/agents/{id}/drain"] = FarmRoles.Admin,
        ["POST /api/agents/{id}/resume"] = FarmRoles.Admin,
        ["POST /api/agents/{id}/revoke"] = FarmRoles.Admin,
        ["DELETE /api/agents/{id}"] = FarmRoles.Admin,
        ["GET /api/agents/join-tokens"] = FarmRoles.Admin,
        ["POST /api/agents/join-tokens"] = FarmRoles.Admin,
        ["DELETE /api/agents/join-tokens/{id:guid}"] = FarmRoles.Admin,
        ["GET /api/alerts"] = FarmRoles.Admin,
        ["POST /api/alerts/{id:guid}/read"] = FarmRoles.Admin,
        ["POST /api/alerts/read"] = FarmRoles.Admin,
        ["GET /api/bases"] = FarmRoles.Viewer,
        ["GET /api/placement/accuracy"] = FarmRoles.Viewer,
        ["GET /api/insights/series"] = FarmRoles.Viewer,
        ["GET /api/insights/causes"] = FarmRoles.Viewer,
        ["GET /api/insights/slowest-steps"] = FarmRoles.Viewer,
        ["GET /api/insights/agents"] = FarmRoles.Viewer,
        ["GET /api/insights/series.csv"] = FarmRoles.Viewer,
        ["GET /api/insights/causes.csv"] = FarmRoles.Viewer,
        ["GET /api/insights/slowest-steps.csv"] = FarmRoles.Viewer,
        ["GET /api/insights/agents.csv"] = FarmRoles.Viewer,
        ["GET /insights/series.csv"] = FarmRoles.Viewer,
        ["GET /insights/causes.csv"] = FarmRoles.Viewer,
        ["GET /insights/slowest-steps.csv"] = FarmRoles.Viewer,
        ["GET /insights/agents.csv"] = FarmRoles.Viewer,
        ["GET /api/users"] = FarmRoles.Admin,
        ["POST /api/users"] = FarmRoles.Admin,
        ["PATCH /api/users/{id}"] = FarmRoles.Admin,
        ["GET /api/users/{id}/tokens"] = Self,
        ["POST /api/users/{id}/tokens"] = Self,
        ["DELETE /api/tokens/{id:guid}"] = Self,
        ["GET /api/registry-credentials"] = FarmRoles.Admin,
        ["POST /api/registry-credentials"] = FarmRoles.Admin,
        ["PUT /api/registry-credentials/{registry}"] = FarmRoles.Admin,
        ["DELETE /api/registry-credentials/{id:guid}"] = FarmRoles.Admin,
        ["POST /account/logout"] = Anyone,
        // Pages. The New build page opens for Viewers, who find a sentence instead of the form; queueing needs a Member.
        ["GET /"] = FarmRoles.Viewer,
        ["GET /builds/new"] = FarmRoles.Viewer,
        ["GET /builds"] = FarmRoles.Viewer,
        ["GET /builds/{Id:guid}"] = FarmRoles.Viewer,
        ["GET /agents"] = FarmRoles.Viewer,
        ["GET /insights"] = FarmRoles.Viewer,
        ["GET /bases"] = FarmRoles.Viewer,
        ["GET /settings"] = FarmRoles.Viewer,
        ["GET /alerts"] = FarmRoles.Admin,
        ["GET /people"] = FarmRoles.Admin,
        ["GET /settings/registries"] = FarmRoles.Admin,
        ["GET /account/login"] = Anyone,
        ["GET /account/denied"] = Anyone,
        ["GET /error"] = Anyone,
        ["GET /not-found"] = Anyone,
        // Blazor's catch-all for files the static asset manifest does not list: the fallback policy guards it.
        ["GET /{**path:file}"] = FarmRoles.Viewer,
        ["HEAD /{**path:file}"] = FarmRoles.Viewer,
    };

    /// <summary>Routes the framework maps without metadata of ours; the fallback policy (a signed-in role) covers them.</summary>
    static readonly HashSet<string> FallbackGuarded = ["GET /{**path:file}", "HEAD /{**path:file}"];

    [Fact]
    public void Should_have_a_decided_role_for_every_route_the_farm_maps()
    {
        var mapped = MappedRoutes().Select(r => r.Key).ToHashSet();

        Assert.Empty(mapped.Except(Routes.Keys).Order());
        Assert.Empty(Routes.Keys.Except(mapped).Order());
    }

    [Fact]
    public void Should_carry_a_policy_or_an_explicit_opening_on_every_route()
    {
        var undecided = MappedRoutes()
            .Where(r => !FallbackGuarded.Contains(r.Key))
            .Where(r => r.Value.Metadata.GetMetadata<IAllowAnonymous>() is null && r.Value.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
            .Select(r => r.Key);

        Assert.Empty(undecided);
    }

    public static TheoryData<string, string> Table()
    {
        var data = new TheoryData<string, string>();
        foreach (var (route, role) in Routes.Where(r => r.Value != Anyone))
            data.Add(route, role);
        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Should_let_each_role_do_exactly_what_the_table_says(string route, string least)
    {
        var (method, pattern) = (route[..route.IndexOf(' ')], route[(route.IndexOf(' ') + 1)..]);
        var api = pattern.StartsWith("/api", StringComparison.Ordinal);
        var answers = new StringBuilder();

        foreach (var role in FarmRoles.All.Prepend(null))
        {
            using var client = role is null ? web.CreateClient(new() { AllowAutoRedirect = false }) : web.WithToken((await web.PersonAsync(role)).Token);
            var path = await ConcreteAsync(pattern, role);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PATCH" or "PUT")
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await client.SendAsync(request);
            var status = response.StatusCode;
            answers.AppendLine($"{role ?? "nobody"}: {(int)status}");

            var allowed = role is not null && (least == Self || FarmRoles.Allows(role, least));
            if (role is null)
                // Pages send a browser to the sign-in page; the API and downloads answer 401 (ASP.NET Core 10 does not
                // redirect endpoints that answer data rather than pages).
                Assert.True(api ? status == HttpStatusCode.Unauthorized : status == HttpStatusCode.Unauthorized || Redirects(response, "/account/login"),
                    $"{route} let nobody in:\n{answers}");
            else if (allowed)
                Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && !Redirects(response, "/account/"),
                    $"{route} refused a {role}:\n{answers}");
            else
                Assert.True(status == HttpStatusCode.Forbidden || (!api && Redirects(response, "/account/denied")), $"{route} let a {role} in:\n{answers}");
        }
    }

    static bool Redirects(HttpResponseMessage response, string to) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath.Contains(to, StringComparison.Ordinal);

    /// <summary>A path that reaches the handler: ids that exist where the route is about the caller ("self"), fresh
    /// ones elsewhere (the answer is then 404 or 400, which still shows the caller was let through).</summary>
    async Task<string> ConcreteAsync(string pattern, string? role)
    {
        var me = role is null ? "nobody" : (await web.PersonAsync(role)).Account.Id;
        return pattern
            .Replace("{id:guid}", Guid.NewGuid().ToString())
            .Replace("{Id:guid}", Guid.NewGuid().ToString())
            .Replace("{index:int}", "0")
            .Replace("{registry}", "registry.example")
            .Replace("/api/users/{id}", $"/api/users/{me}")
            .Replace("{id}", "no-such-agent");
    }

    IEnumerable<KeyValuePair<string, RouteEndpoint>> MappedRoutes() =>
        web.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            // Files under wwwroot: public by design (the sign-in page needs its stylesheet), one endpoint each.
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            // Blazor's own plumbing (the circuit hub, its negotiation): guarded by the fallback policy, checked below.
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/_", StringComparison.Ordinal) && !e.RoutePattern.RawText.StartsWith("_", StringComparison.Ordinal))
            .SelectMany(e => Methods(e).Select(m => new KeyValuePair<string, RouteEndpoint>($"{m} /{e.RoutePattern.RawText!.Trim('/')}", e)))
            .DistinctBy(p => p.Key);

    /// <summary>A page is one endpoint answering GET and its forms' POST under the same policy: listed once, as GET.</summary>
    static IEnumerable<string> Methods(RouteEndpoint e) =>
        e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null ? ["GET"]
        : e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : (IEnumerable<string>)["GET"];

    [Fact]
    public async Task Should_refuse_the_live_channel_to_nobody()
    {
        using var anonymous = web.CreateClient(new() { AllowAutoRedirect = false });

        var negotiate = await anonymous.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);

        using var signedIn = web.ViewerClient();
        var allowed = await signedIn.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);

        Assert.NotEqual(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.DoesNotContain("connectionToken", await negotiate.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("connectionToken", await allowed.Content.ReadAsStringAsync());
    }
}
