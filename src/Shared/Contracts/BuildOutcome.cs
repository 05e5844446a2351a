namespace BuildFarm.Contracts;

/// <summary>How an attempt ended on its agent.</summary>
public enum BuildOutcome
{
    /// <summary>The image was built.</summary>
    Succeeded,
    /// <summary>The build or its source failed; the error says why.</summary>
    Failed,
    /// <summary>Stopped on request.</summary>
    Cancelled,
    /// <summary>Lost to the infrastructure, not the build's fault: the agent's engine died or stopped answering
    /// mid-build. The error is the engine's; the farm runs the build again elsewhere instead of failing it.</summary>
    Lost,
}
