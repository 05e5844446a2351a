using System.Security.Cryptography;

namespace BuildFarm.Agent.Features.Registration;

/// <summary>The agent's id survives restarts (kept in its data folder), so the scheduler sees a restart, not a new host.</summary>
public sealed record AgentIdentity(string Id, string Name, string DataDir)
{
    public static AgentIdentity Load(AgentOptions options, string farmDataDir)
    {
        var dataDir = Path.GetFullPath(options.DataDir ?? Path.Combine(farmDataDir, "agent"));
        Directory.CreateDirectory(dataDir);
        var name = string.IsNullOrWhiteSpace(options.Name) ? Environment.MachineName : options.Name;
        var file = Path.Combine(dataDir, "agent-id");
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } existing)
            return new AgentIdentity(existing, name, dataDir);
        var id = $"{Slug(name)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        File.WriteAllText(file, id + "\n");
        return new AgentIdentity(id, name, dataDir);
    }

    // Queue names are built from the id, so keep it to characters every broker accepts.
    static string Slug(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = new string(chars).Trim('-');
        return slug.Length == 0 ? "agent" : slug[..Math.Min(slug.Length, 40)];
    }
}
