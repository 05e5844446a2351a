using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>
/// A RabbitMQ node of a test's own, for faults that stop the broker: the shared node on 5672 serves every other test
/// and must never go down. It has its own node name, AMQP and distribution ports, data (mnesia) and logs under
/// <paramref name="dir"/>, and no plugins (the management plugin would want the shared node's 15672). Stopping it is
/// real (connections are closed, the port refuses) and starting it again reuses its data, so durable queues and
/// persistent messages survive as they would across a broker restart.
/// </summary>
/// <remarks>Debian's <c>/usr/sbin/rabbitmq-server</c> switches to the rabbitmq user (and its cookie in /var/lib/rabbitmq)
/// when run as root, who may not be able to write here; the scripts it wraps are run directly instead, as whoever runs
/// the tests, with HOME (and so the Erlang cookie) in <paramref name="dir"/>.</remarks>
public sealed class PrivateRabbitMq(string dir) : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    /// <summary>Where Debian puts the scripts its wrapper runs; elsewhere (a generic-unix install) they are on PATH.</summary>
    const string DebianScripts = "/usr/lib/rabbitmq/bin";

    readonly int amqpPort = FarmFixture.FreePort();
    readonly int distributionPort = FarmFixture.FreePort();
    readonly Lock consoleLock = new();
    Process? server;
    StreamWriter? console;

    /// <summary>Unique on the machine: epmd, shared with the system's node, knows nodes by name.</summary>
    public string NodeName { get; } = $"bf-fault-{Guid.NewGuid():N}"[..21] + "@localhost";
    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{amqpPort}/");
    public bool IsRunning => server is { HasExited: false };

    public async Task StartAsync()
    {
        if (IsRunning)
            throw new InvalidOperationException($"{NodeName} is already running");
        Prepare();
        var start = Script("rabbitmq-server");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        lock (consoleLock)
            console ??= new StreamWriter(Path.Combine(dir, "log", "console.log"), append: true) { AutoFlush = true };
        Record($"--- {NodeName} started at {DateTimeOffset.Now:O}");
        server?.Dispose();
        server = Process.Start(start) ?? throw new InvalidOperationException("rabbitmq-server did not start");
        server.OutputDataReceived += (_, e) => Record(e.Data);
        server.ErrorDataReceived += (_, e) => Record(e.Data);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        // await_startup fails at once while the node has not yet registered with epmd, so it is asked again until then.
        while (!await CtlAsync("await_startup", "--timeout", "30"))
        {
            if (server.HasExited)
                throw new InvalidOperationException($"{NodeName} exited with {server.ExitCode} while starting; see {dir}/log");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{NodeName} did not start within {StartTimeout.TotalSeconds:0} s; see {dir}/log");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        if (!Accepts())
            throw new InvalidOperationException($"{NodeName} started but refuses AMQP on {amqpPort}");
    }

    /// <summary>Stops the node as an operator would (<c>rabbitmqctl stop</c>): clients see their connections closed, and
    /// nothing listens on the port until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (!IsRunning)
            return;
        await CtlAsync("stop");
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await server!.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            server!.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
        Record($"--- {NodeName} stopped at {DateTimeOffset.Now:O}");
        if (Accepts())
            throw new InvalidOperationException($"{NodeName} stopped but something still accepts on {amqpPort}");
    }

    void Prepare()
    {
        Directory.CreateDirectory(Path.Combine(dir, "log"));
        Directory.CreateDirectory(Path.Combine(dir, "mnesia"));
        // Empty, so no plugin (management on 15672, prometheus on 15692) clashes with the shared node's ports.
        File.WriteAllText(Path.Combine(dir, "enabled_plugins"), "[].\n");
        File.WriteAllText(Path.Combine(dir, "rabbitmq.conf"), $"listeners.tcp.default = 127.0.0.1:{amqpPort}\n");
        var cookie = Path.Combine(dir, ".erlang.cookie");
        if (File.Exists(cookie))
            return;
        // Written before the node and the CLI both start, which would otherwise race to make one each.
        File.WriteAllText(cookie, Guid.NewGuid().ToString("N").ToUpperInvariant());
        // Erlang refuses a cookie that others can read.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
    }

    ProcessStartInfo Script(string name)
    {
        var debian = Path.Combine(DebianScripts, name);
        var start = new ProcessStartInfo(File.Exists(debian) ? debian : name) { UseShellExecute = false, WorkingDirectory = dir };
        // The system node's settings (its name, port, data dir) must not leak in from the runner's environment.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("RABBITMQ_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        start.Environment["HOME"] = dir;
        start.Environment["RABBITMQ_NODENAME"] = NodeName;
        start.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        start.Environment["RABBITMQ_NODE_PORT"] = amqpPort.ToString();
        start.Environment["RABBITMQ_DIST_PORT"] = distributionPort.ToString();
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(dir, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(dir, "log");
        start.Environment["RABBITMQ_PID_FILE"] = Path.Combine(dir, "rabbitmq.pid");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dir, "enabled_plugins");
        start.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(dir, "rabbitmq.conf");
        // Neither file exists: the system's /etc/rabbitmq ones (a node name, a port) are for the system's node.
        start.Environment["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(dir, "rabbitmq-env.conf");
        start.Environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(dir, "advanced.config");
        return start;
    }

    async Task<bool> CtlAsync(params string[] args)
    {
        var start = Script("rabbitmqctl");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var arg in (string[])["-q", "-n", NodeName, .. args])
            start.ArgumentList.Add(arg);
        using var ctl = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start");
        using var timeout = new CancellationTokenSource(StopTimeout);
        var output = ctl.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = ctl.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await ctl.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            ctl.Kill(entireProcessTree: true);
            Record($"rabbitmqctl {string.Join(' ', args)}: no answer within {StopTimeout.TotalSeconds:0} s");
            return false;
        }
        Record($"rabbitmqctl {string.Join(' ', args)}: exit {ctl.ExitCode} {(await output).Trim()} {(await error).Trim()}");
        return ctl.ExitCode == 0;
    }

    bool Accepts()
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, amqpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    void Record(string? line)
    {
        if (line is not null)
            lock (consoleLock)
                console?.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (server is { HasExited: false })
                server.Kill(entireProcessTree: true);
            server?.Dispose();
            lock (consoleLock)
            {
                console?.Dispose();
                console = null;
            }
        }
    }
}
