using System.Net;
using Microsoft.Extensions.Configuration;

namespace BuildFarm.Web.Features.Registry;

/// <summary>Credentials for one registry host.</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    // Never print the password, not even in a debugger's record ToString.
    public override string ToString() => $"{Username}:***";
}

/// <summary>
/// Registry settings read from the "Registries" configuration section:
/// <c>Registries:&lt;host&gt;:Username</c>/<c>Password</c> per host (the host as written in image references,
/// port included: "Registries:localhost:5000:Username"), <c>Registries:Insecure</c> (a list, or one comma-separated
/// string, of hosts spoken to over plain http), <c>Registries:TimeoutSeconds</c> (per request, default 10) and
/// <c>Registries:CacheSeconds</c> (how long a resolution is reused, default 60).
/// </summary>
public sealed class RegistrySettings(IConfiguration configuration)
{
    private const string Section = "Registries";

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(Number("TimeoutSeconds", 10));

    public TimeSpan CacheFor => TimeSpan.FromSeconds(Number("CacheSeconds", 60));

    /// <summary>
    /// Looked up by key rather than bound: a host with a port holds the configuration path separator ':', so
    /// binding would split "localhost:5000" into two sections, while a full-key lookup reads it whole.
    /// </summary>
    public RegistryCredentials? CredentialsFor(params string[] hosts)
    {
        foreach (var host in hosts)
        {
            var user = configuration[$"{Section}:{host}:Username"];
            if (!string.IsNullOrEmpty(user))
            {
                return new RegistryCredentials(user, configuration[$"{Section}:{host}:Password"] ?? "");
            }
        }

        return null;
    }

    /// <summary>
    /// Plain http for loopback (dockerd likewise treats 127.0.0.0/8 as insecure without being told, per moby's
    /// registry/config.go) and for hosts the operator lists; https everywhere else.
    /// </summary>
    public bool IsInsecure(string hostAndPort)
    {
        var host = HostOf(hostAndPort);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip)))
        {
            return true;
        }

        return InsecureHosts().Any(h => h.Equals(hostAndPort, StringComparison.OrdinalIgnoreCase)
            || h.Equals(host, StringComparison.OrdinalIgnoreCase));
    }

    private IEnumerable<string> InsecureHosts()
    {
        var section = configuration.GetSection($"{Section}:Insecure");
        var listed = section.GetChildren().Select(c => c.Value).Append(section.Value);
        return listed.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static string HostOf(string hostAndPort)
    {
        if (hostAndPort.StartsWith('['))
        {
            return hostAndPort[1..hostAndPort.IndexOf(']')];
        }

        var colon = hostAndPort.LastIndexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort[..colon];
    }

    private double Number(string key, double fallback) =>
        double.TryParse(configuration[$"{Section}:{key}"], System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
