namespace BuildFarm.Shared.Agents;

/// <summary>Whether the farm hears from an agent, as the API spells it.</summary>
public static class AgentStatus
{
    /// <summary>Registered, and its heartbeats arrive in time.</summary>
    public const string Online = "online";
    /// <summary>Silent past the heartbeat deadline; it is online again when it next reports.</summary>
    public const string Offline = "offline";

    /// <summary>All states.</summary>
    public static readonly IReadOnlyList<string> All = [Online, Offline];
}
