namespace BuildFarm.Shared.Agents;

/// <summary>Whether the farm lets an agent take builds, as the API spells it; set by a join token or an admin, apart
/// from whether the agent is heard (<see cref="AgentStatus"/>).</summary>
public static class AgentAdmission
{
    /// <summary>Registered without a valid join token: listed, but given no builds until an admin approves it.</summary>
    public const string Pending = "pending";
    /// <summary>Joined with a valid token or approved by an admin: takes builds.</summary>
    public const string Approved = "approved";
    /// <summary>Finishes the builds it has and takes no new ones, until an admin resumes it.</summary>
    public const string Draining = "draining";
    /// <summary>Turned away by an admin: takes no builds, whatever token it presents.</summary>
    public const string Revoked = "revoked";

    /// <summary>All states.</summary>
    public static readonly IReadOnlyList<string> All = [Pending, Approved, Draining, Revoked];
}
