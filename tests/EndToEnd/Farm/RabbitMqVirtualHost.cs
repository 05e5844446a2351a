using System.Diagnostics;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>A virtual host of its own on the shared broker: queues left by an earlier run (or another test assembly)
/// must never deliver stale messages to this farm.</summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    readonly string? name;

    RabbitMqVirtualHost(Uri uri, string? name)
    {
        Uri = uri;
        this.name = name;
    }

    public Uri Uri { get; }

    public static async Task<RabbitMqVirtualHost> CreateAsync(string brokerUri, string name)
    {
        var broker = new Uri(brokerUri);
        var user = Uri.UnescapeDataString(broker.UserInfo.Split(':')[0]);
        // rabbitmqctl is there when the broker is the local one scripts/test.sh started; elsewhere the given vhost is used.
        if (await RabbitMqCtlAsync("add_vhost", name) && await RabbitMqCtlAsync("set_permissions", "-p", name, user, ".*", ".*", ".*"))
            return new RabbitMqVirtualHost(new UriBuilder(broker) { Path = "/" + name }.Uri, name);
        return new RabbitMqVirtualHost(broker, null);
    }

    /// <summary>Messages in the queues where consumers put what they gave up on, by queue; null without rabbitmqctl.</summary>
    public async Task<Dictionary<string, int>?> DeadLettersAsync()
    {
        if (name is null)
            return null;
        var (ok, output) = await RabbitMqCtlOutputAsync("list_queues", "-p", name, "--no-table-headers", "name", "messages");
        if (!ok)
            return null;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length == 2 && (f[0].EndsWith("_error", StringComparison.Ordinal) || f[0].EndsWith("_skipped", StringComparison.Ordinal)))
            .ToDictionary(f => f[0], f => int.Parse(f[1]));
    }

    static async Task<bool> RabbitMqCtlAsync(params string[] args) => (await RabbitMqCtlOutputAsync(args)).Ok;

    static async Task<(bool Ok, string Output)> RabbitMqCtlOutputAsync(params string[] args)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-q");
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        try
        {
            using var ctl = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var output = ctl.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = ctl.StandardError.ReadToEndAsync(timeout.Token);
            await ctl.WaitForExitAsync(timeout.Token);
            await Task.WhenAll(output, error);
            return (ctl.ExitCode == 0, await output);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return (false, "");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (name is not null)
            await RabbitMqCtlAsync("delete_vhost", name);
    }
}
