using BuildFarm.Shared.Placement;

namespace BuildFarm.Shared.Misses;

/// <summary>
/// Where two plans of the same Dockerfile part ways. BuildKit reuses a step only when it and everything it is built
/// on are unchanged, so the step to blame for a miss is the earliest one, in the missed step's ancestry (the steps it
/// is built on and the stages it copies from), whose key the earlier plan does not have.
/// </summary>
internal static class ChainDivergence
{
    /// <returns>The index in <paramref name="plan"/> of the changed step the miss follows from; null when the missed
    /// step's own key was in the earlier plan (the cache should have been there).</returns>
    public static int? Find(BuildPlan plan, IReadOnlySet<string> earlierKeys, int missed) =>
        Find(plan, earlierKeys, missed, []);

    // A step explored once found nothing new upstream (or the search would have ended): stages copied from several
    // places are not walked again, which would cost exponential time on a wide multi-stage file.
    private static int? Find(BuildPlan plan, IReadOnlySet<string> earlierKeys, int index, HashSet<int> explored)
    {
        if (!explored.Add(index) || earlierKeys.Contains(plan.Steps[index].Key))
        {
            return null;
        }

        var step = plan.Steps[index];
        if (step.Parent >= 0 && Find(plan, earlierKeys, step.Parent, explored) is { } upstream)
        {
            return upstream;
        }

        foreach (var input in step.Inputs)
        {
            if (Find(plan, earlierKeys, input, explored) is { } copied)
            {
                return copied;
            }
        }

        return index;
    }

    /// <summary>The plan step a reported step ran: by its key, else by its text (unkeyed reports).</summary>
    public static int? Locate(BuildPlan plan, MissStep step)
    {
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            if (step.Key is not null && plan.Steps[i].Key == step.Key)
            {
                return i;
            }
        }

        for (var i = 0; i < plan.Steps.Count; i++)
        {
            if (plan.Steps[i].Kind == StepKind.Instruction && plan.Steps[i].Instruction == step.Instruction)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The earlier plan's step in the same place (stage and position), else with the same text.</summary>
    public static PlanStep? Counterpart(BuildPlan earlier, PlanStep step) =>
        earlier.Steps.FirstOrDefault(s => step.Stage.Length > 0 && s.Stage == step.Stage && s.StepInStage == step.StepInStage)
        ?? earlier.Steps.FirstOrDefault(s => s.Keyword == step.Keyword && s.Instruction == step.Instruction);

    /// <summary>The keys a step needs in a cache: its own and those of every step it is built on or reads.</summary>
    public static IReadOnlySet<string> Ancestry(BuildPlan plan, int index)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<int>([index]);
        while (pending.TryPop(out var i))
        {
            var step = plan.Steps[i];
            if (!keys.Add(step.Key))
            {
                continue;
            }

            if (step.Parent >= 0)
            {
                pending.Push(step.Parent);
            }

            foreach (var input in step.Inputs)
            {
                pending.Push(input);
            }
        }

        return keys;
    }
}
