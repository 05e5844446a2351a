namespace BuildFarm.Contracts;

/// <summary>Queue names agreed between the scheduler and the agents.</summary>
public static class AgentQueues
{
    /// <summary>The queue an agent consumes; only it reads from it.</summary>
    public static string For(string agentId) => $"agent-{agentId}";
}
