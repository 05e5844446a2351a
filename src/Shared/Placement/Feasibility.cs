namespace BuildFarm.Shared.Placement;

/// <summary>Whether any agent the farm knows could ever run a build, asked at submit.</summary>
public static class Feasibility
{
    // A refusal is read by a person; past this many agents the rest are counted.
    private const int ListedAgents = 20;

    /// <summary>
    /// Why no registered agent can run the build, whatever their state: none builds for its platform, none carries its
    /// labels, or none of those has the GPU its check needs. Null when some agent meets every requirement (busy or
    /// offline, it may take the build later), and when no agent has registered yet: there is nothing to judge against,
    /// and the build waits and says so.
    /// </summary>
    /// <param name="registered">Every registered agent, online or not.</param>
    /// <param name="plan">The build's requirements.</param>
    /// <returns>A sentence naming what is missing and what each agent has, or null.</returns>
    public static string? Refusal(IReadOnlyList<AgentSnapshot> registered, BuildPlan plan)
    {
        var platform = plan.Platform is { } p ? Platforms.Normalize(p) : null;
        if (registered.Count == 0 || registered.Any(a => Constraints.Requirements(a, plan, platform) is null))
        {
            return null;
        }

        var onPlatform = registered.Where(a => Constraints.Platform(a, platform) is null).ToList();
        if (onPlatform.Count == 0)
        {
            return $"No registered agent builds for {platform}, the platform of the build's target "
                + $"(agents: {List(registered, a => $"{a.Name} {Platforms.Normalize(a.Platform)}")}).";
        }

        var labelled = onPlatform.Where(a => Constraints.Labels(a, plan) is null).ToList();
        if (labelled.Count == 0)
        {
            return $"No registered agent has labels {PlacementText.Labels(plan.RequiredLabels)} "
                + $"(agents: {List(registered, a => PlacementText.AgentWithLabels(a) + (Constraints.Platform(a, platform) is { } other ? $" ({other.Detail})" : ""))}).";
        }

        // Only the GPU check is left to fail.
        var among = plan.RequiredLabels.Count > 0 ? $" with labels {PlacementText.Labels(plan.RequiredLabels)}" : "";
        return $"No registered agent{among} has {PlacementText.Gpu(plan.Gpu!)} for the build's GPU check "
            + $"(agents: {List(labelled, a => $"{a.Name}: {Constraints.Gpu(a, plan.Gpu!)!.Detail}")}).";
    }

    private static string List(IReadOnlyList<AgentSnapshot> agents, Func<AgentSnapshot, string> describe) =>
        string.Join(", ", agents.OrderBy(a => a.Name, StringComparer.Ordinal).Take(ListedAgents).Select(describe))
        + (agents.Count > ListedAgents ? $" and {agents.Count - ListedAgents} more" : "");
}
