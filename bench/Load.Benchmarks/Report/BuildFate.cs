using BuildFarm.Load.Benchmarks.Readout;
using BuildFarm.Load.Benchmarks.Workload;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Load.Benchmarks.Report;

/// <summary>What became of one submitted build, from the database and the agents' logs.</summary>
/// <param name="AgentsFree">Fewer builds were in flight when it was submitted than the agents have slots: builds
/// submitted before it and not finished by then (by the agent's finishing time the database stores).</param>
sealed record BuildFate(Submission Submission, BuildRow? Row, IReadOnlyList<AttemptRow> Attempts, int StartEvents,
    IReadOnlyList<AgentStart> LoggedStarts, bool AgentsFree)
{
    /// <summary>Its first start: the earliest attempt that an agent started (the StartedAt of its first Running state).</summary>
    public DateTimeOffset? Started => Attempts.Where(a => a.StartedAt is not null).Min(a => a.StartedAt) ?? Row?.StartedAt;
    public DateTimeOffset? FirstAssigned => Attempts.Count == 0 ? null : Attempts.Min(a => a.AssignedAt);

    public double? SubmitToStartMs => Started is { } started ? (started - Submission.At).TotalMilliseconds : null;
    public double? SubmitToAssignedMs => FirstAssigned is { } assigned ? (assigned - Submission.At).TotalMilliseconds : null;
    public double? AssignedToStartMs => (Started, FirstAssigned) is ({ } s, { } a) ? (s - a).TotalMilliseconds : null;

    /// <summary>Not in a final state when the run's deadline passed (or never stored at all).</summary>
    public bool Lost => Row is null || !BuildStatus.IsFinal(Row.Status);
    public bool Failed => Row is { Status: BuildStatus.Failed or BuildStatus.Cancelled };
    public int AttemptsStarted => Attempts.Count(a => a.StartedAt is not null);
    /// <summary>Different agents that logged starting it.</summary>
    public int AgentsStarted => LoggedStarts.Select(s => s.Agent).Distinct().Count();
    /// <summary>More than one attempt actually executed: two attempts with a start, two Running states recorded, or
    /// the agents' logs showing it started twice (on one agent or two).</summary>
    public bool RanTwice => AttemptsStarted > 1 || StartEvents > 1 || LoggedStarts.Count > 1;

    public static IReadOnlyList<BuildFate> Of(IReadOnlyList<Submission> submissions, FarmRecord record, ILookup<Guid, AgentStart> logged, int slots)
    {
        var stored = submissions.Where(s => s.Id is not null).ToList();
        var finished = stored.ToDictionary(s => s.Id!.Value, s => record.Builds.GetValueOrDefault(s.Id!.Value)?.FinishedAt);
        return stored.Select(s =>
        {
            var id = s.Id!.Value;
            var inFlight = stored.Count(o => o.Id != id && o.At < s.At && (finished[o.Id!.Value] is not { } end || end > s.At));
            return new BuildFate(s, record.Builds.GetValueOrDefault(id), [.. record.Attempts[id]], record.Starts[id].Count(),
                [.. logged[id]], inFlight < slots);
        }).ToList();
    }
}
