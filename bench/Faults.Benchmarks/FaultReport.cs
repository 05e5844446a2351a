namespace BuildFarm.Faults.Benchmarks;

/// <summary>Each build under each fault against the same build in the fault-free run, as a Markdown table, then the
/// target for the builds that were running when the fault began: none of their work redone, and no more extra time than
/// the fault lasted plus 5 s.</summary>
static class FaultReport
{
    static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    public static bool Print(IReadOnlyList<ScenarioRun> runs, TextWriter output)
    {
        var baseline = runs[0].Builds.ToDictionary(b => b.Name);
        output.WriteLine();
        output.WriteLine("| run | part away | build | at the fault | submit → end | fault-free | extra | attempts | long step (sleep) | work redone |");
        output.WriteLine("|---|---:|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var run in runs)
            foreach (var build in run.Builds)
            {
                var extra = run == runs[0] ? "" : $"{build.Seconds - baseline[build.Name].Seconds:+0.0;-0.0} s";
                output.WriteLine($"| {run.Name} | {(run.Away > TimeSpan.Zero ? $"{run.Away.TotalSeconds:0.0} s" : "")} | {build.Name} | " +
                                 $"{(build.SubmittedInside ? "submitted during" : "running")} | {build.Seconds:0.0} s | {baseline[build.Name].Seconds:0.0} s | " +
                                 $"{extra} | {build.Build.Attempt} | {build.LongStepSeconds:0.0} s ({build.Sleep} s) | {(build.Redone ? "**yes**" : "no")} |");
            }
        output.WriteLine();

        var met = true;
        foreach (var run in runs.Skip(1))
        {
            var running = run.Builds.Where(b => !b.SubmittedInside).ToList();
            var worst = running.Max(b => b.Seconds - baseline[b.Name].Seconds);
            var ok = running.All(b => !b.Redone && b.Build.Status == "succeeded") && worst <= (run.Away + Slack).TotalSeconds && run.Offline == 0;
            met &= ok;
            output.WriteLine($"{(ok ? "met   " : "MISSED")} {run.Name}: running builds redone {running.Count(b => b.Redone)}, most extra {worst:0.0} s " +
                             $"(limit {(run.Away + Slack).TotalSeconds:0.0} s = away + {Slack.TotalSeconds:0} s), agents offline at the end {run.Offline}; " +
                             $"submitted during it: redone {run.Builds.Count(b => b.SubmittedInside && b.Redone)}, " +
                             $"extra {string.Join(", ", run.Builds.Where(b => b.SubmittedInside).Select(b => $"{b.Seconds - baseline[b.Name].Seconds:0.0} s"))}");
        }
        return met;
    }
}
