namespace BuildFarm.Shared.Placement;

/// <summary>
/// One build's candidates after the hard constraints: a verdict for every rejected agent, the indexes of the eligible
/// ones (the ranking writes their verdicts) and of those that meet the build's requirements but have no room.
/// </summary>
internal sealed class FeasibleSet
{
    // A waiting reason is stored and shown; past this many agents the rest are counted by rejection.
    private const int ListedAgents = 20;

    public FeasibleSet(IReadOnlyList<AgentSnapshot> agents, BuildPlan plan, int queueAllowance)
    {
        Agents = agents;
        Plan = plan;
        Verdicts = new CandidateVerdict[agents.Count];
        Eligible = new List<int>(agents.Count);
        var platform = plan.Platform is { } p ? Platforms.Normalize(p) : null;
        for (var i = 0; i < agents.Count; i++)
        {
            var rejected = Constraints.Check(agents[i], plan, platform, queueAllowance);
            if (rejected is null)
            {
                Eligible.Add(i);
                continue;
            }

            Verdicts[i] = rejected;
            if (rejected.Rejected == Rejection.NoFreeCapacity)
            {
                (Full ??= []).Add(i);
            }
        }
    }

    public IReadOnlyList<AgentSnapshot> Agents { get; }

    public BuildPlan Plan { get; }

    /// <summary>In the snapshot's order; an eligible agent's entry is null until the ranking judges it.</summary>
    public CandidateVerdict[] Verdicts { get; }

    public List<int> Eligible { get; }

    /// <summary>Agents that meet the requirements and are up, but whose slots (and allowed queue) are taken.</summary>
    public List<int>? Full { get; private set; }

    /// <summary>
    /// Why no agent can take the build: every agent's rejection, led by the ones that meet the build's requirements
    /// and only lack room or a heartbeat ("only gpu-2 (offline) has labels gpu=a100"), or by the news that none does.
    /// </summary>
    public string WhyWaiting()
    {
        if (Agents.Count == 0)
        {
            return "no agent has registered with the farm yet";
        }

        var lacking = Verdicts.Count(v => v.Rejected?.IsRequirement() == true);
        if (lacking == 0)
        {
            return $"no agent can take this build — {List(Verdicts)}";
        }

        var needs = PlacementText.Requirements(Plan, platform: Verdicts.Any(v => v.Rejected == Rejection.PlatformMismatch));
        if (lacking == Agents.Count)
        {
            return $"no registered agent has {needs} — {List(Verdicts)}";
        }

        var meeting = Verdicts.Where(v => v.Rejected?.IsRequirement() == false).ToList();
        var names = string.Join(", ", meeting.Take(ListedAgents).Select(v => $"{v.AgentName} ({v.Detail})"))
            + (meeting.Count > ListedAgents ? $" and {meeting.Count - ListedAgents} more" : "");
        return $"only {names} {(meeting.Count == 1 ? "has" : "have")} {needs}; {List(Verdicts.Where(v => v.Rejected?.IsRequirement() == true).ToList())}";
    }

    private static string List(IReadOnlyList<CandidateVerdict> verdicts)
    {
        var listed = string.Join("; ", verdicts.Take(ListedAgents).Select(v => $"{v.AgentName}: {v.Detail}"));
        var rest = verdicts.Skip(ListedAgents).GroupBy(v => v.Rejected).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}").ToArray();
        return rest.Length == 0 ? listed : $"{listed}; and {verdicts.Count - ListedAgents} more ({string.Join(", ", rest)})";
    }
}
