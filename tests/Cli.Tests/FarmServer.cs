using System.Net;
using BuildFarm.Data;
using BuildFarm.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Cli.Tests;

/// <summary>
/// The real Web host on Kestrel at 127.0.0.1 with a free port, so farmctl talks HTTP over a socket as it would to a
/// farm: SQLite in a temp folder, the in-memory bus, no embedded scheduler or agent (the tests move builds on by
/// writing the rows the scheduler would write).
/// </summary>
public sealed class FarmServer : WebApplicationFactory<global::Program>, IAsyncLifetime
{
    public FarmServer() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    public string DataDir { get; } = Directory.CreateTempSubdirectory("farmctl-web-").FullName;

    public string Url { get; private set; } = "";

    public string Token => AdminToken.LoadOrCreate(DataDir).Value;

    public string TokenFile => AdminToken.LoadOrCreate(DataDir).Path;

    /// <summary>--server and --token for this farm.</summary>
    public string[] Connection => ["--server", Url, "--token", Token];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Farm:DataDir", DataDir);
        builder.UseSetting("Farm:Embedded", "false");
        // These tests are about the API, not about fetching sources: planning at submit has its own tests.
        builder.UseSetting("Farm:PlanAtSubmit", "false");
        builder.UseSetting("Farm:AllowLocalRepositories", "false");
        builder.UseSetting("Bus:Transport", "inmemory");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public Task InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Url = addresses.Single();
        return Task.CompletedTask;
    }

    public async Task UpdateBuildAsync(Guid id, Action<Build> change)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
        var build = await db.Builds.Include(b => b.Steps).SingleAsync(b => b.Id == id);
        change(build);
        await db.SaveChangesAsync();
    }

    /// <summary>Registers an agent as the scheduler would have, with these labels.</summary>
    public async Task AddAgentAsync(string id, Dictionary<string, string> labels)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
        db.Agents.Add(new BuildFarm.Data.Agent { Id = id, Name = id, Labels = labels, Os = "linux", Arch = "x86_64", Capacity = 1, LastHeartbeatAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    public async Task<Build> ReadBuildAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FarmDbContext>().Builds.AsNoTracking().SingleAsync(b => b.Id == id);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold its WAL for a moment; a leftover temp folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FarmCollection : ICollectionFixture<FarmServer>
{
    public const string Name = "farm";
}
