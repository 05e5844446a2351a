using System.Text;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Scheduler.Features.Builds;

/// <summary>
/// Keeps a build's stored log within its byte budget. The first batch past it keeps the lines that fit and ends with
/// the cut note; every later batch is dropped, while steps keep their status and times.
/// </summary>
static class LogBudget
{
    public static BuildLogChunk? Admit(Build build, int attempt, int stepIndex, int seq, IReadOnlyList<string> lines, long budgetBytes)
    {
        if (build.LogCut || lines.Count == 0)
            return null;
        var kept = new List<string>(lines.Count);
        var used = build.LogBytes;
        var cut = false;
        foreach (var line in lines)
        {
            var bytes = Encoding.UTF8.GetByteCount(line) + 1;
            if (used + bytes > budgetBytes)
            {
                cut = true;
                break;
            }
            kept.Add(line);
            used += bytes;
        }
        var added = used - build.LogBytes;
        if (cut)
        {
            // The note is the farm's, not the build's: it does not count against the budget it reports.
            kept.Add(BuildLogLimits.CutNote(budgetBytes));
            build.LogCut = true;
        }
        build.LogBytes = used;
        return new BuildLogChunk
        {
            BuildId = build.Id, Attempt = attempt, StepIndex = stepIndex, Seq = seq,
            Text = string.Join('\n', kept), Bytes = (int)added, Cut = cut,
        };
    }
}
