namespace BuildFarm.Shared.Placement;

public static partial class CacheAffinityPlacement
{
    // A waiting reason is stored and shown; past this many agents the rest are counted by rejection.
    private const int ListedAgents = 20;

    internal static string Describe(CandidateVerdict v)
    {
        var text = $"{v.CachedSteps}/{v.TotalSteps} steps cached, saves {Seconds(v.SecondsSaved)}, queue {Seconds(v.QueueWaitSeconds)}";
        return v.PullSeconds > 0 ? $"{text}, pulls base {Seconds(v.PullSeconds)}" : text;
    }

    /// <summary>"40 s", "~11 min", "~1.5 h": what a person reads on the build page.</summary>
    /// <param name="seconds">A duration in seconds.</param>
    /// <returns>The rounded text.</returns>
    public static string Seconds(double seconds) => seconds switch
    {
        < 90 => $"{Math.Round(seconds):0} s",
        < 90 * 60 => $"~{Math.Round(seconds / 60):0} min",
        _ => $"~{seconds / 3600:0.#} h",
    };

    private static string WhyHeld(IReadOnlyList<AgentSnapshot> agents, CandidateVerdict[] verdicts, int busy, int free)
    {
        var warm = verdicts[busy];
        var text = $"waiting for {agents[busy].Name}, {warm.Detail}: {Describe(warm)}";
        return free < 0
            ? $"{text}; {WhyWaiting(agents, verdicts)}"
            : $"{text}; expected to finish {Seconds(warm.Score - verdicts[free].Score)} sooner there than on {agents[free].Name}, "
              + $"the best agent free now ({verdicts[free].Detail})";
    }

    private static string WhyWaiting(IReadOnlyList<AgentSnapshot> agents, CandidateVerdict[] verdicts)
    {
        if (agents.Count == 0)
        {
            return "no agent has registered with the farm yet";
        }

        var listed = verdicts.Take(ListedAgents).Select(v => $"{v.AgentName}: {v.Detail}");
        var rest = verdicts.Skip(ListedAgents).GroupBy(v => v.Rejected).OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {g.Key}").ToArray();
        var text = "no agent can take this build — " + string.Join("; ", listed);
        return rest.Length == 0 ? text : $"{text}; and {agents.Count - ListedAgents} more ({string.Join(", ", rest)})";
    }
}
