using BuildFarm.Load.Benchmarks.Readout;

namespace BuildFarm.Load.Benchmarks.Report;

/// <summary>How fast the scheduler handed out builds while the backlog waited.</summary>
/// <param name="Count">Attempts assigned from the first backlog submission on.</param>
/// <param name="Seconds">From the first of those assignments to the last.</param>
/// <param name="BestSecond">Most assignments in one whole second of the run.</param>
/// <param name="IdleGaps">How long an agent stood idle between the end of one build and the start of its next while
/// builds were waiting in the queue: the scheduler's whole turn-around (the result through the broker, a placement
/// pass, StartBuild through the broker, the agent's attempt check).</param>
sealed record Placements(int Count, double Seconds, int BestSecond, Distribution IdleGaps)
{
    public double PerSecond => Seconds > 0 ? Count / Seconds : double.NaN;

    public static Placements Of(IReadOnlyList<BuildFate> builds, DateTimeOffset backlogFrom)
    {
        var attempts = builds.SelectMany(b => b.Attempts).ToList();
        var assigned = attempts.Where(a => a.AssignedAt >= backlogFrom).Select(a => a.AssignedAt).Order().ToList();
        var best = assigned.Count == 0 ? 0 : assigned.GroupBy(a => (long)(a - backlogFrom).TotalSeconds).Max(g => g.Count());
        var seconds = assigned.Count < 2 ? 0 : (assigned[^1] - assigned[0]).TotalSeconds;
        return new Placements(assigned.Count, seconds, best, Distribution.Of(Gaps(builds, attempts, backlogFrom)));
    }

    static IEnumerable<double> Gaps(IReadOnlyList<BuildFate> builds, List<AttemptRow> attempts, DateTimeOffset from)
    {
        // A build waits from its submit until its first assignment.
        var waits = builds.Where(b => b.FirstAssigned is not null).Select(b => (From: b.Submission.At, Until: b.FirstAssigned!.Value)).ToList();
        bool Waiting(DateTimeOffset at) => waits.Any(w => w.From < at && w.Until > at);
        foreach (var agent in attempts.Where(a => a.StartedAt is not null).GroupBy(a => a.AgentId))
        {
            var runs = agent.OrderBy(a => a.StartedAt).ToList();
            foreach (var (previous, next) in runs.Zip(runs.Skip(1)))
                if (previous.EndedAt is { } ended && ended >= from && Waiting(ended))
                    yield return (next.StartedAt!.Value - ended).TotalMilliseconds;
        }
    }
}
