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
}
