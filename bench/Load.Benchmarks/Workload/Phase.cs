namespace BuildFarm.Load.Benchmarks.Workload;

/// <summary>The part of the run a build was submitted in, or a page was fetched in.</summary>
public enum Phase
{
    /// <summary>Builds and pages first, until the processes have compiled their hot code; reported apart, not held to the targets.</summary>
    WarmUp,
    /// <summary>Nothing running: the pages' times without load, to compare with.</summary>
    Idle,
    /// <summary>Builds submitted only while an agent has room: the target's "while agents are free".</summary>
    AgentsFree,
    /// <summary>The rest queued at once, then drained: the queue is deep and every agent busy.</summary>
    Backlog,
}

static class Phases
{
    public static string Describe(this Phase phase) => phase switch
    {
        Phase.WarmUp => "warm-up",
        Phase.Idle => "idle farm",
        Phase.AgentsFree => "agents free",
        _ => "backlog",
    };
}

/// <summary>One POST /api/builds: when its 202 came back (this machine's clock, which the farm's parts share), how
/// long the POST took, or why it failed.</summary>
public sealed record Submission(int Number, Phase Phase, Guid? Id, DateTimeOffset At, double PostMs, string? Error);
