using System.Net;
using System.Net.Sockets;

namespace BuildFarm.Data.Tests;

public class DatabaseMigratorTests
{
    [Fact]
    public async Task Should_stop_start_up_with_a_sentence_naming_an_unreachable_postgres_server()
    {
        var port = ClosedPort();
        using var host = FarmHost.Build(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres",
            ["ConnectionStrings:Farm"] = $"Host=127.0.0.1;Port={port};Database=buildfarm;Username=farm;Password=secret-pw",
            ["Database:ConnectAttempts"] = "3",
            ["Database:ConnectDelaySeconds"] = "0.05",
        });

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => host.StartAsync());

        Assert.Equal($"The farm's database (PostgreSQL at 127.0.0.1:{port}, database buildfarm, user farm) could not be reached " +
            $"after 3 attempts: Failed to connect to 127.0.0.1:{port} (Connection refused)", error.Message);
        Assert.DoesNotContain("secret-pw", error.ToString());
        // What the host prints is the sentence, not the driver's stack frames.
        Assert.DoesNotContain("   at ", error.ToString());
    }

    [Fact]
    public void Should_refuse_postgres_without_a_connection_string()
    {
        var error = Assert.Throws<DatabaseStartupException>(() =>
            FarmHost.Build(new Dictionary<string, string?> { ["Database:Provider"] = "postgres" }));

        Assert.Contains("ConnectionStrings:Farm is not set", error.Message);
    }

    [Fact]
    public void Should_refuse_a_provider_it_does_not_know_naming_the_ones_it_does()
    {
        var error = Assert.Throws<DatabaseStartupException>(() =>
            FarmHost.Build(new Dictionary<string, string?> { ["Database:Provider"] = "mysql" }));

        Assert.Equal("Database:Provider 'mysql' is not one the farm knows: use 'sqlite' (the default) or 'postgres'.", error.Message);
    }

    // A port that was just free: nothing listens there, so connecting is refused at once.
    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
