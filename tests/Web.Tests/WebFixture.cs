using System.Net.Http.Headers;
using BuildFarm.Data;
using BuildFarm.Testing;
using BuildFarm.Web.Security;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests;

/// <summary>
/// One Web process for the whole suite: a real database of its own (SQLite, or PostgreSQL when scripts/test.sh runs
/// this tier for it), the in-memory bus, no embedded scheduler or
/// agent (so nothing but the tests moves a build on). A probe endpoint records what Web publishes.
/// </summary>
public sealed class WebFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string DataDir { get; } = Directory.CreateTempSubdirectory("farm-web-tests-").FullName;

    public BusProbe Bus { get; } = new();

    public BrokerOutage Outage { get; } = new();

    TestDatabase? _database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Farm:DataDir", DataDir);
        foreach (var (key, value) in _database!.Settings)
            builder.UseSetting(key, value);
        builder.UseSetting("Farm:Embedded", "false");
        // These tests are about the API, not about fetching sources: planning at submit has its own tests.
        builder.UseSetting("Farm:PlanAtSubmit", "false");
        builder.UseSetting("Farm:AllowLocalRepositories", "false");
        builder.UseSetting("Bus:Transport", "inmemory");
        builder.UseSetting("Web:Outbox:Interval", "00:00:00.200");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Every request re-checks its session, so a test sees a disable end a session without waiting a minute.
        builder.UseSetting("Farm:SessionRecheckSeconds", "0");
    }

    public async Task InitializeAsync()
    {
        // Before the host starts: ConfigureWebHost points it at this database.
        _database = await TestDatabase.CreateAsync();
        _ = Server; // starts the host: migrations, bus, outbox
        var bus = Services.GetRequiredService<IBus>();
        await Bus.ConnectAsync(bus);
        bus.ConnectPublishObserver(Outage);
    }

    /// <summary>The first admin's token, from admin.token as a newcomer would read it.</summary>
    public string AdminTokenValue => AdminToken.LoadOrCreate(DataDir).Value;

    /// <summary>A client that sends the first admin's token (pages accept it as well as the API).</summary>
    public HttpClient ApiClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminTokenValue);
        return client;
    }

    readonly Dictionary<string, Task<(TestAccount Account, string Token)>> _byRole = [];

    /// <summary>One person per role for the whole suite, with a token of their own.</summary>
    public Task<(TestAccount Account, string Token)> PersonAsync(string role)
    {
        lock (_byRole)
        {
            if (!_byRole.TryGetValue(role, out var made))
                _byRole[role] = made = Make(role);
            return made;
        }

        async Task<(TestAccount, string)> Make(string r)
        {
            var account = await TestAccounts.CreateAsync(Services, r);
            return (account, await TestAccounts.TokenAsync(Services, account));
        }
    }

    /// <summary>A client holding a Viewer's token.</summary>
    public HttpClient ViewerClient() => this.WithToken(PersonAsync(Shared.People.FarmRoles.Viewer).GetAwaiter().GetResult().Token);

    /// <summary>A client holding a Member's token.</summary>
    public HttpClient MemberClient() => this.WithToken(PersonAsync(Shared.People.FarmRoles.Member).GetAwaiter().GetResult().Token);

    public async Task<T> WithDbAsync<T>(Func<FarmDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FarmDbContext>());
    }

    public Task WithDbAsync(Func<FarmDbContext, Task> work) =>
        WithDbAsync(async db =>
        {
            await work(db);
            return true;
        });

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _database!.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL for a moment; a leftover temp folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
