using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace BuildFarm.Testing;

/// <summary>
/// A PostgreSQL 15 cluster of one test's own (its own data folder, a free port, a socket folder it owns) that the test
/// may stop and start as an outage would. The server scripts/test.sh starts is shared by everyone's tests and is never
/// stopped. initdb and postgres refuse to run as root, so as root they run as the postgres user (runuser, with an
/// argument list like every other command here).
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    public const string Bin = "/usr/lib/postgresql/15/bin";
    const string Role = "buildfarm";
    static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    readonly string _root;
    readonly string _password = Guid.NewGuid().ToString("N");

    PrivatePostgres(string root, int port)
    {
        _root = root;
        Port = port;
    }

    public static bool Installed => File.Exists(Path.Combine(Bin, "initdb"));

    public int Port { get; }

    string DataDir => Path.Combine(_root, "data");
    string SocketDir => Path.Combine(_root, "socket");
    string LogPath => Path.Combine(_root, "postgres.log");

    public static async Task<PrivatePostgres> StartAsync()
    {
        if (!Installed)
            throw new InvalidOperationException($"PostgreSQL 15 is not installed in {Bin}: apt-get install postgresql (scripts/test.sh does)");
        var root = Directory.CreateTempSubdirectory("bf-pg-").FullName;
        var postgres = new PrivatePostgres(root, FreePort());
        Directory.CreateDirectory(postgres.SocketDir);
        if (Environment.UserName == "root")
            await RunAsync("chown", "-R", "postgres:postgres", root);
        await postgres.RunAsPostgresAsync(Path.Combine(Bin, "initdb"), "-D", postgres.DataDir, "-U", "postgres", "-E", "UTF8",
            "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync");
        // Durability is not what these tests are about; a shared disk under load is slow enough without fsync.
        await File.AppendAllTextAsync(Path.Combine(postgres.DataDir, "postgresql.conf"), $"""

            port = {postgres.Port}
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{postgres.SocketDir}'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            """);
        await postgres.StartAgainAsync();
        await postgres.PsqlAsync($"CREATE ROLE {Role} LOGIN CREATEDB PASSWORD '{postgres._password}'");
        return postgres;
    }

    /// <summary>A new, migrated farm database in this cluster: the settings that point a host at it.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> CreateFarmDatabaseAsync()
    {
        var name = $"farm_{Guid.NewGuid():N}"[..20];
        await PsqlAsync($"CREATE DATABASE {name} OWNER {Role}");
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Database = name, Username = Role, Password = _password,
        }.ConnectionString;
        var options = new DbContextOptionsBuilder<PostgresFarmDbContext>().UseNpgsql(connectionString).Options;
        await using (var db = new PostgresFarmDbContext(options))
            await db.Database.MigrateAsync();
        return new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres",
            ["ConnectionStrings:Farm"] = connectionString,
        };
    }

    /// <summary>Stops the server as an operator's restart does: clients are told and disconnected, new ones refused.</summary>
    public Task StopAsync() => RunAsPostgresAsync(Path.Combine(Bin, "pg_ctl"), "-D", DataDir, "-m", "fast", "-w", "stop");

    public Task StartAgainAsync() =>
        RunAsPostgresAsync(Path.Combine(Bin, "pg_ctl"), "-D", DataDir, "-l", LogPath, "-w", "-t", "90", "start");

    Task PsqlAsync(string sql) => RunAsPostgresAsync(Path.Combine(Bin, "psql"), "-h", SocketDir, "-p", Port.ToString(),
        "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql);

    Task RunAsPostgresAsync(params string[] command) =>
        Environment.UserName == "root" ? RunAsync(["runuser", "-u", "postgres", "--", .. command]) : RunAsync(command);

    static async Task RunAsync(params string[] command)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The cluster's folders are the postgres user's; a working directory it cannot enter makes initdb warn.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in command.Skip(1))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{string.Join(' ', command.Take(4))} … exited with {process.ExitCode}: {await error}{await output}");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>What the server logged, for a failure message.</summary>
    public string Log() => File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(30)) : "(no server log)";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsPostgresAsync(Path.Combine(Bin, "pg_ctl"), "-D", DataDir, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped (a test that failed during its outage).
        }
        Directory.Delete(_root, recursive: true);
    }
}

/// <summary>A fact that needs a PostgreSQL cluster of its own: skipped where PostgreSQL 15 is not installed, never
/// skipped under scripts/test.sh, which installs it. It brings its own database, so it runs the same in the tier that
/// scripts/test.sh repeats on the shared server (a repeat, but no skipped test in CI's count).</summary>
public sealed class PrivatePostgresFactAttribute : FactAttribute
{
    public PrivatePostgresFactAttribute()
    {
        if (!PrivatePostgres.Installed && Environment.GetEnvironmentVariable("BUILDFARM_TEST_REQUIRE_SERVICES") != "1")
            Skip = $"needs PostgreSQL 15 in {PrivatePostgres.Bin}: run scripts/test.sh, which installs it";
    }
}
