using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Testing;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests.Features.Outages;

/// <summary>Web as deployed (Production) on a PostgreSQL cluster of these tests' own, which is stopped and started again
/// while Web keeps running.</summary>
public sealed class DatabaseOutageResponsesTests(DatabaseOutageResponsesTests.OutageWeb web) : IClassFixture<DatabaseOutageResponsesTests.OutageWeb>
{
    /// <summary>What "at once" means here: a refused connection is known in milliseconds, and two shared cores under
    /// load are slow, but a request that waits on the database for a retry policy's half minute must fail.</summary>
    static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(5);

    [PrivatePostgresFact]
    public async Task Should_answer_503_naming_the_database_at_once_while_it_is_away_and_answer_again_after_without_a_restart()
    {
        using var api = web.ApiClient();
        using var browser = web.ApiClient();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/builds")).StatusCode);
        var postgres = web.Postgres;
        var where = $"PostgreSQL at 127.0.0.1:{postgres.Port}";

        await postgres.StopAsync();

        var list = await TimedAsync(() => api.GetAsync("/api/builds"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
        Assert.Equal("application/problem+json", list.Content.Headers.ContentType?.MediaType);
        Assert.True(list.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a script is told when to ask again");
        var problem = await list.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The farm's database is not answering.", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith($"The farm's database ({where}, database farm_", detail);
        Assert.Contains("is not answering: ", detail);
        Assert.DoesNotContain("   at ", detail);

        // A submit is not kept: it fails with the same sentence, and the build can be sent again once the database is back.
        var submit = await TimedAsync(() => api.PostAsJsonAsync("/api/builds", new { repository = "https://git.example.com/ml/trainer.git", @ref = "main" }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, submit.StatusCode);
        Assert.Contains(where, (await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var page = await TimedAsync(() => browser.GetAsync("/builds"));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.True(page.StatusCode == HttpStatusCode.ServiceUnavailable, $"{page.StatusCode}: {html}");
        Assert.Contains("The farm's database is not answering.", html);
        Assert.Contains($"The farm's database ({where}", html);
        Assert.DoesNotContain("   at ", html);

        await postgres.StartAgainAsync();

        using var again = await api.GetAsync("/api/builds");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/builds")).StatusCode);
    }

    [PrivatePostgresFact]
    public async Task Should_show_the_not_found_page_for_an_unknown_address_and_problem_json_for_an_unknown_build()
    {
        using var api = web.ApiClient();
        using var browser = web.ApiClient();

        var page = await browser.GetAsync("/no-such-page");
        var build = await api.GetAsync($"/api/builds/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("There is nothing at this address.", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, build.StatusCode);
        Assert.Equal("application/problem+json", build.Content.Headers.ContentType?.MediaType);
    }

    static async Task<HttpResponseMessage> TimedAsync(Func<Task<HttpResponseMessage>> request)
    {
        var watch = Stopwatch.StartNew();
        var response = await request();
        Assert.True(watch.Elapsed < AtOnce, $"answered after {watch.Elapsed.TotalSeconds:0.0} s");
        return response;
    }

    /// <summary>Web as it is deployed (Production: the error page, not the developer's) on a cluster of its own.</summary>
    public sealed class OutageWeb : WebApplicationFactory<Program>, IAsyncLifetime
    {
        readonly string dataDir = Directory.CreateTempSubdirectory("farm-web-outage-").FullName;
        IReadOnlyDictionary<string, string?> database = new Dictionary<string, string?>();

        public PrivatePostgres Postgres { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            if (!PrivatePostgres.Installed)
                return;
            Postgres = await PrivatePostgres.StartAsync();
            database = await Postgres.CreateFarmDatabaseAsync();
            _ = Server;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Farm:DataDir", dataDir);
            foreach (var (key, value) in database)
                builder.UseSetting(key, value);
            builder.UseSetting("Farm:Embedded", "false");
            builder.UseSetting("Farm:PlanAtSubmit", "false");
            builder.UseSetting("Bus:Transport", "inmemory");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        public HttpClient ApiClient()
        {
            var client = CreateClient();
            client.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Bearer", AdminToken.LoadOrCreate(dataDir).Value);
            return client;
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await base.DisposeAsync();
            if (Postgres is not null)
                await Postgres.DisposeAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
