using BuildFarm.Placement.Simulator.Workload;
using BuildFarm.Shared.Placement;

namespace BuildFarm.Placement.Simulator.Simulation;

/// <summary>What a build really costs on a cache: the ground truth the policies are judged by.</summary>
internal readonly record struct Outcome(double Seconds, int CachedSteps, int Steps, long PulledBytes);

internal static class Execution
{
    /// <summary>
    /// Runs a build against what a cache holds, as BuildKit would: a step is reused when its key and everything before
    /// it are there; a missing base is pulled; every step that runs takes its true time with run-to-run noise that is
    /// fixed per build and step, so every policy sees the same noise.
    /// </summary>
    public static Outcome Run(Job job, Func<string, bool> holds, WorkloadSettings settings)
    {
        var steps = job.Plan.Steps;
        var held = new bool[steps.Count];
        double seconds = 0;
        int cached = 0, counted = 0;
        long pulled = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var parent = step.Parent < 0 || held[step.Parent];
            held[i] = step.Kind == StepKind.Image ? holds(step.BaseDigest!) : parent && holds(step.Key);
            if (step.Kind == StepKind.Image)
            {
                if (!held[i])
                {
                    pulled += job.Truth[i].Bytes;
                    seconds += job.Truth[i].Bytes / settings.PullBytesPerSecond;
                }

                continue;
            }

            // Steps without a vertex (ENV, ARG) change only the image config: no time either way.
            if (!step.HasVertex)
            {
                continue;
            }

            counted++;
            if (held[i])
            {
                cached++;
                seconds += settings.CachedStepSeconds;
            }
            else
            {
                seconds += TrueSeconds(job, i);
            }
        }

        return new Outcome(seconds, cached, counted, pulled);
    }

    /// <summary>
    /// The mean build time no placement can beat: every build in arrival order on one farm-wide cache that keeps
    /// everything any earlier build left, forever (no budget, no agent leaving, nothing built twice). What is left is
    /// the work that is new: changed code and tests, changed requirements, moved bases, first builds.
    /// </summary>
    public static double FloorMeanSeconds(WorkloadRun workload)
    {
        var everything = new HashSet<string>(StringComparer.Ordinal);
        double total = 0;
        foreach (var job in workload.Jobs)
        {
            total += Run(job, everything.Contains, workload.Settings).Seconds;
            everything.UnionWith(Leaves(job).Select(l => l.Key));
        }

        return total / workload.Jobs.Count;
    }

    public static double TrueSeconds(Job job, int step) => job.Truth[step].Seconds * (0.85 + 0.3 * Stable.Unit((ulong)job.Id, (ulong)step));

    /// <summary>
    /// The keys a finished build leaves in the cache, with their bytes, last step first: added in this order the base
    /// ends up most recent, so an LRU prune drops a chain from its end, as BuildKit can only prune a record nothing
    /// else is built on.
    /// </summary>
    public static IEnumerable<(string Key, long Bytes)> Leaves(Job job)
    {
        var steps = job.Plan.Steps;
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            yield return steps[i].Kind == StepKind.Image ? (steps[i].BaseDigest!, job.Truth[i].Bytes) : (steps[i].Key, job.Truth[i].Bytes);
        }
    }
}
