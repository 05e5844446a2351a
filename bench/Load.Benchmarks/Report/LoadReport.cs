using BuildFarm.Load.Benchmarks.Readout;
using BuildFarm.Load.Benchmarks.Sampling;
using BuildFarm.Load.Benchmarks.Workload;

namespace BuildFarm.Load.Benchmarks.Report;

/// <summary>Everything a run measured, as Markdown tables, and the issue's targets: p99 submit-to-start under 1 s
/// while agents are free, nothing lost or run twice, every page's p99 server time under 300 ms in every phase.</summary>
sealed class LoadReport(
    IReadOnlyList<Submission> submissions, IReadOnlyList<BuildFate> builds, Placements placements,
    IReadOnlyList<PlacementPass> passes, IReadOnlyList<PageSample> pages, IReadOnlyList<ProcessMemory> memory)
{
    const double StartTargetMs = 1000;
    const double PageTargetMs = 300;

    readonly List<(bool Met, string Line)> _targets = [];

    public bool Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| measure | count | p50 | p95 | p99 | max | target |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        var free = builds.Where(b => b.Submission.Phase == Phase.AgentsFree && b.AgentsFree).ToList();
        var start = Row(output, "submit → start, agents free", free.Select(b => b.SubmitToStartMs), "p99 < 1 s");
        Target(start.P99 < StartTargetMs && start.Count > 0, $"p99 submit → start while agents are free: {Distribution.Time(start.P99)} (target < 1 s, {start.Count} builds)");
        Row(output, "… of which submit → assigned (outbox, broker, placement)", free.Select(b => b.SubmitToAssignedMs));
        Row(output, "… of which assigned → started (broker, agent's attempt check)", free.Select(b => b.AssignedToStartMs));
        Row(output, "submit → start, backlog (includes the queue wait)", builds.Where(b => b.Submission.Phase == Phase.Backlog).Select(b => b.SubmitToStartMs));
        Row(output, "POST /api/builds (202 answered)", submissions.Where(s => s.Error is null).Select(s => (double?)s.PostMs));
        Row(output, "agent idle between builds while builds waited", placements.IdleGaps);
        Row(output, "placement pass, scheduler's own time (all passes)", passes.Select(p => (double?)p.Milliseconds));
        Row(output, "placement pass with 100 or more builds queued", passes.Where(p => p.Queued >= 100).Select(p => (double?)p.Milliseconds));
        Row(output, "… of which over the queue's head", passes.Where(p => p.Queued >= 100 && !p.Whole).Select(p => (double?)p.Milliseconds));
        Row(output, "… of which over the whole queue", passes.Where(p => p.Queued >= 100 && p.Whole).Select(p => (double?)p.Milliseconds));
        foreach (var phase in Enum.GetValues<Phase>())
            foreach (var page in PageSampler.Pages)
                PageRow(output, page, phase);

        output.WriteLine();
        output.WriteLine($"Placements while the backlog waited: {placements.PerSecond:0.0} per second ({placements.Count} in {placements.Seconds:0.0} s), " +
                         $"best second {placements.BestSecond}; {passes.Count} placement passes ({passes.Count(p => p.Whole)} over the whole queue), " +
                         $"at most {(passes.Count == 0 ? 0 : passes.Max(p => p.Queued))} builds queued in one; with 100 or more queued a pass decided " +
                         $"{Distribution.Of(passes.Where(p => p.Queued >= 100).Select(p => (double)p.Decided)).P50:0} builds at the median.");
        Memory(output);
        Fates(output);
        output.WriteLine();
        foreach (var (met, line) in _targets)
            output.WriteLine($"{(met ? "met   " : "MISSED")} {line}");
        return _targets.All(t => t.Met);
    }

    /// <summary>Two rows a page and phase: Web's own time (what the issue's target is about: the pages' server times) and
    /// the time the client saw to the last byte, which adds the client's own wait for a core on the same host. The
    /// target is held on the server's time; the client's slow samples are listed beside it, so neither hides.</summary>
    void PageRow(TextWriter output, string page, Phase phase)
    {
        var samples = pages.Where(p => p.Page == page && p.Phase == phase).ToList();
        if (samples.Count == 0)
            return;
        // The warm-up's pages are the first the processes render (code compiled on first use): shown, not held to the target.
        var checkedHere = phase != Phase.WarmUp;
        var served = samples.Where(s => s.Served).ToList();
        var server = Row(output, $"{page}, {phase.Describe()}: server", served.Select(s => s.ServerMs),
            checkedHere ? $"p99 < {PageTargetMs:0} ms" : "(first renders)");
        var client = Row(output, $"{page}, {phase.Describe()}: client", served.Select(s => (double?)s.Ms), checkedHere ? "(shown)" : "");
        if (!checkedHere)
            return;
        var failed = samples.Where(s => !s.Served).ToList();
        var untimed = served.Count(s => s.ServerMs is null);
        Target(server.P99 < PageTargetMs && failed.Count == 0 && untimed == 0,
            $"{page} during {phase.Describe()}: server p99 {Distribution.Time(server.P99)}, {Slow(served, s => s.ServerMs)}" +
            (untimed == 0 ? "" : $", {untimed} served without a server time in Web's log") +
            (failed.Count == 0 ? "" : $", {failed.Count} not served ({string.Join("; ", failed.Select(f => f.Problem).Distinct().Take(3))})") +
            $"; seen by the client p99 {Distribution.Time(client.P99)}, {Slow(served, s => s.Ms)}");
    }

    static string Slow(IReadOnlyList<PageSample> samples, Func<PageSample, double?> time)
    {
        var slow = samples.Where(s => time(s) >= PageTargetMs).OrderBy(s => s.At).ToList();
        return $"{slow.Count} of {samples.Count} at 300 ms or more" +
               (slow.Count == 0 ? "" : $" ({string.Join(", ", slow.Take(10).Select(s => $"{s.At:HH:mm:ss} {Distribution.Time(time(s)!.Value)}"))})");
    }

    void Memory(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| process | peak RSS (sampled each second) | peak RSS (VmHWM) | RSS at the end | CPU time | its git processes' CPU time |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var process in memory.OrderBy(m => m.Part.StartsWith("load-agent", StringComparison.Ordinal)).ThenBy(m => m.Part, StringComparer.Ordinal))
            output.WriteLine($"| {process.Part} | {Mb(process.SampledPeakKb)} | {Mb(process.HighWaterKb)} | {Mb(process.EndKb)} | {process.CpuSeconds:0.0} s | {process.ChildrenCpuSeconds:0.0} s |");
        var agents = memory.Where(m => m.Part.StartsWith("load-agent", StringComparison.Ordinal)).ToList();
        if (agents.Count > 0)
            output.WriteLine($"| all {agents.Count} agents together | | {Mb(agents.Sum(a => a.HighWaterKb))} | {Mb(agents.Sum(a => a.EndKb))} | " +
                             $"{agents.Sum(a => a.CpuSeconds):0.0} s | {agents.Sum(a => a.ChildrenCpuSeconds):0.0} s |");
    }

    static string Mb(long kb) => $"{kb / 1024.0:0} MB";

    void Fates(TextWriter output)
    {
        var errors = submissions.Where(s => s.Error is not null).ToList();
        var lost = builds.Where(b => b.Lost).ToList();
        var twice = builds.Where(b => b.RanTwice).ToList();
        var failed = builds.Where(b => b.Failed).ToList();
        output.WriteLine();
        output.WriteLine("| builds | count |");
        output.WriteLine("|---|---:|");
        output.WriteLine($"| submitted (202) | {builds.Count} |");
        output.WriteLine($"| … of which in the agents-free phase, submitted while an agent had room | {builds.Count(b => b.Submission.Phase == Phase.AgentsFree && b.AgentsFree)} of {builds.Count(b => b.Submission.Phase == Phase.AgentsFree)} |");
        output.WriteLine($"| refused or failed to submit | {errors.Count} |");
        output.WriteLine($"| succeeded | {builds.Count(b => b.Row?.Status == "succeeded")} |");
        output.WriteLine($"| failed or cancelled | {failed.Count} |");
        output.WriteLine($"| lost (not finished by the deadline) | {lost.Count} |");
        output.WriteLine($"| placed more than once (requeued) | {builds.Count(b => b.Attempts.Count > 1)} |");
        output.WriteLine($"| run twice: attempts with a start > 1 | {builds.Count(b => b.AttemptsStarted > 1)} |");
        output.WriteLine($"| run twice: Running recorded > 1 (build_events) | {builds.Count(b => b.StartEvents > 1)} |");
        output.WriteLine($"| run twice: started > 1 in the agents' logs | {builds.Count(b => b.LoggedStarts.Count > 1)} |");
        output.WriteLine($"| run twice: started by two agents | {builds.Count(b => b.AgentsStarted > 1)} |");
        Target(errors.Count == 0, $"every submission accepted: {errors.Count} refused{Examples(errors.Select(e => e.Error!))}");
        Target(lost.Count == 0, $"nothing lost: {lost.Count}{Examples(lost.Select(b => $"{b.Submission.Id} {b.Row?.Status ?? "never stored"}"))}");
        Target(twice.Count == 0, $"nothing run twice: {twice.Count}{Examples(twice.Select(b => $"{b.Submission.Id} ({b.AttemptsStarted} started attempts, {b.LoggedStarts.Count} logged starts)"))}");
        Target(failed.Count == 0, $"every build succeeded: {failed.Count} failed{Examples(failed.Select(b => $"{b.Submission.Id}: {b.Row!.Error}"))}");
    }

    static string Examples(IEnumerable<string> items) => items.Take(3).ToList() is { Count: > 0 } some ? $" (e.g. {string.Join("; ", some)})" : "";

    Distribution Row(TextWriter output, string measure, IEnumerable<double?> values, string target = "") =>
        Row(output, measure, Distribution.Of(values.Where(v => v is not null).Select(v => v!.Value)), target);

    static Distribution Row(TextWriter output, string measure, Distribution d, string target = "")
    {
        output.WriteLine($"| {measure} | {d.Count} | {Distribution.Time(d.P50)} | {Distribution.Time(d.P95)} | {Distribution.Time(d.P99)} | {Distribution.Time(d.Max)} | {target} |");
        return d;
    }

    void Target(bool met, string line) => _targets.Add((met, line));
}
