using BuildFarm.Contracts;

namespace BuildFarm.Agent.Features.Cache;

/// <summary>What one build attempt proved about the cache, in planned keys. Pure.</summary>
public static class CacheUse
{
    /// <summary>The keys the cache holds after the attempt: every planned key when the image was built; otherwise the
    /// keys of steps that completed (cached or run), a stage's FROM once any step of that stage completed (shared FROM
    /// vertices are named after one stage only), and keys without a vertex (ENV, ARG, …) that come before a completed
    /// step of their stage.</summary>
    public static IReadOnlyList<string> Held(IReadOnlyList<StepKey> plan, IEnumerable<StepCompleted> steps, bool built)
    {
        if (built)
            return plan.Select(k => k.Key).Distinct(StringComparer.Ordinal).ToList();
        var completed = steps.Where(s => s.Error is null && s.Key is not null).Select(s => s.Key!).ToHashSet(StringComparer.Ordinal);
        var held = new List<string>();
        foreach (var stage in plan.GroupBy(k => k.Stage, StringComparer.OrdinalIgnoreCase))
        {
            var done = stage.Where(k => completed.Contains(k.Key)).ToList();
            if (done.Count == 0)
                continue;
            var lastDone = done.Max(k => k.Step);
            held.AddRange(stage.Where(k => completed.Contains(k.Key) || k.Step == 0 || (k.Vertex is null && k.Step < lastDone)).Select(k => k.Key));
        }
        return held.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Keys the inventory claimed that BuildKit did not have: it ran their step (not cached) and the step then
    /// failed, so nothing was left behind for them.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<StepCompleted> steps, IReadOnlySet<string> inventory, IReadOnlyList<string> held) =>
        steps.Where(s => s is { Error: not null, Cached: false, Key: not null } && inventory.Contains(s.Key!))
            .Select(s => s.Key!)
            .Except(held, StringComparer.Ordinal)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
