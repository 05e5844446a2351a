using BuildFarm.Data;
using BuildFarm.Testing;
using BuildFarm.Web.Features.Builds;
using BuildFarm.Web.Features.Live;
using BuildFarm.Web.Features.Planning;
using BuildFarm.Web.Features.Registry;
using Bunit;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace BuildFarm.Web.Tests.Components;

/// <summary>
/// A bUnit context for the dashboard's live components, wired as Web wires them: a migrated database of its
/// own, the services the pages use, and MassTransit's in-memory test harness as the bus. The renderer says it is
/// interactive, so live widgets subscribe to change notices as they do in a browser.
/// </summary>
public sealed class FarmComponents : BunitContext, IAsyncLifetime
{
    readonly string _mirrors = Directory.CreateTempSubdirectory("farm-bunit-mirrors-").FullName;
    readonly bool _databaseAway;

    public FarmComponents()
    {
    }

    /// <param name="databaseAway">Components read a PostgreSQL server that refuses every connection, as during a
    /// restart, instead of the test database.</param>
    public FarmComponents(bool databaseAway) => _databaseAway = databaseAway;

    public TestDatabase Database { get; private set; } = default!;

    public ITestHarness Bus => Services.GetRequiredService<ITestHarness>();

    public LiveUpdates Live => Services.GetRequiredService<LiveUpdates>();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        JSInterop.Mode = JSRuntimeMode.Loose;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Farm:PlanAtSubmit"] = "false",
            ["Farm:AllowLocalRepositories"] = "false",
        }).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddLogging();
        Services.AddSingleton(TimeProvider.System);
        var settings = _databaseAway
            ? new DatabaseSettings(DatabaseProvider.Postgres, $"Host=127.0.0.1;Port={RefusedPort()};Database=buildfarm;Username=farm;Password=pw", 1, TimeSpan.Zero)
            : new DatabaseSettings(Database.Provider, Database.ConnectionString, 1, TimeSpan.Zero);
        if (_databaseAway)
            Services.AddDbContext<FarmDbContext, PostgresFarmDbContext>(o => o.UseNpgsql(settings.ConnectionString));
        else
            Database.AddTo(Services);
        Services.AddSingleton(new DatabaseOutage(settings));
        Services.AddSingleton<LiveUpdates>();
        Services.AddScoped<BuildDispatcher>();
        // The outbox is woken by submissions but not run here: tests that need a dispatch call it themselves.
        Services.AddSingleton<IHostApplicationLifetime, ApplicationLifetime>();
        Services.AddSingleton<BuildOutbox>();
        Services.AddScoped<BuildSubmission>();
        Services.AddSingleton(new SubmissionGate(SubmissionGate.DefaultWidth));
        Services.AddSingleton<SubmissionKeys>();
        Services.AddScoped<BuildCancellation>();
        Services.AddSingleton(new GitMirror(_mirrors));
        Services.AddRegistryResolution(configuration);
        Services.AddSingleton<BuildPlanner>();
        Services.AddMassTransitTestHarness();
        _authorization = AddAuthorization();
        SignInAs(Shared.People.FarmRoles.Admin);
        // Resolves the renderer, so only once every service is in.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        await Bus.Start();
    }

    Bunit.TestDoubles.BunitAuthorizationContext? _authorization;

    /// <summary>Who the rendered components think is looking (an Admin unless a test says otherwise): the buttons
    /// they offer follow it, and so do the role checks in the services those buttons call.</summary>
    public void SignInAs(string role)
    {
        var name = $"{role.ToLowerInvariant()}@test.example";
        _authorization!.SetAuthorized(name);
        _authorization.SetRoles(role);
        _authorization.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, $"user-{role}"));
    }

    /// <summary>A port that was just free: nothing listens there, so connecting is refused at once.</summary>
    static int RefusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task SeedAsync(params object[] rows) =>
        Database.WithDbAsync(db =>
        {
            db.AddRange(rows);
            return db.SaveChangesAsync();
        });

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(_mirrors, recursive: true);
    }
}
