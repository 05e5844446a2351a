using System.Text.Json;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Builds;

/// <summary>
/// The plan's steps as the build page lists them before BuildKit reaches them: each with the time it took when the
/// same key last ran for real (else the keyword's default, as placement assumes), and what is left of the build.
/// </summary>
public static class PlannedSteps
{
    public static async Task<IReadOnlyList<PlannedStepView>> ReadAsync(
        FarmDbContext db, string? planJson, string? predictedKeysJson, CancellationToken ct)
    {
        if (planJson is null || JsonSerializer.Deserialize<BuildPlan>(planJson, JsonSerializerOptions.Web) is not { Steps.Count: > 0 } plan)
            return [];
        var vertices = plan.Steps.Where(s => s.HasVertex).ToList();
        var keys = vertices.Select(s => s.Key).ToList();
        // Grouped in SQL over the key index: a page load never reads a step's whole history.
        var measured = await db.BuildSteps.AsNoTracking()
            .Where(s => keys.Contains(s.Key!) && !s.Cached && s.Status == StepStatus.Done && s.DurationMs != null)
            .GroupBy(s => s.Key!)
            .Select(g => new { g.Key, Ms = g.Average(s => (double)s.DurationMs!.Value) })
            .ToDictionaryAsync(g => g.Key, g => g.Ms / 1000.0, StringComparer.Ordinal, ct);
        var durations = new StepDurations(measured);
        var expected = predictedKeysJson is null
            ? []
            : (JsonSerializer.Deserialize<List<string>>(predictedKeysJson) ?? []).ToHashSet(StringComparer.Ordinal);
        return vertices.Select(s => new PlannedStepView(s.Key, s.Stage, s.Instruction, durations.Estimate(s), expected.Contains(s.Key))).ToList();
    }

    /// <summary>The plan's steps BuildKit has not reported yet, in plan order.</summary>
    public static IReadOnlyList<PlannedStepView> Pending(IReadOnlyList<PlannedStepView> plan, IReadOnlyList<StepView> steps)
    {
        var pending = plan.ToList();
        foreach (var step in steps)
            if (IndexOf(pending, step) is { } at)
                pending.RemoveAt(at);
        return pending;
    }

    /// <summary>Seconds the build still needs: the pending steps expected to run, and what is left of a running one.</summary>
    public static double RemainingSeconds(IReadOnlyList<PlannedStepView> plan, IReadOnlyList<StepView> steps, DateTimeOffset now)
    {
        var pending = Pending(plan, steps).Where(p => !p.ExpectedCached).Sum(p => p.PredictedSeconds);
        var running = steps.Where(s => s.Status == StepStatus.Running)
            .Sum(s => IndexOf(plan, s) is { } at ? Math.Max(0, plan[at].PredictedSeconds - (now - s.StartedAt).TotalSeconds) : 0);
        return pending + running;
    }

    // A step gets its key when it completes; until then (and for FROM, which BuildKit names with the digest it pinned)
    // it is matched by its text.
    static int? IndexOf(IReadOnlyList<PlannedStepView> plan, StepView step)
    {
        for (var i = 0; i < plan.Count; i++)
            if (step.Key is not null && plan[i].Key == step.Key)
                return i;
        for (var i = 0; i < plan.Count; i++)
            if (step.Instruction == plan[i].Instruction || step.Instruction.StartsWith(plan[i].Instruction + "@", StringComparison.Ordinal))
                return i;
        return null;
    }
}
