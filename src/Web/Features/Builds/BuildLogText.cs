using System.Text;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Builds;

/// <summary>
/// A build's stored log as plain text: each step's header ("==> step 3/7: RUN pip install ... (attempt 2, agent
/// gpu-1)"), then its lines as the agent sent them, ANSI codes and all. The batches are streamed from the database
/// in order, so a 20 MiB log never sits whole in memory.
/// </summary>
public static class BuildLogText
{
    sealed record StepHeader(int Attempt, int Index, string Instruction, string? Agent);

    /// <summary>The writer of the log of a build, one of its attempts, or one step of an attempt (the latest when
    /// <paramref name="attempt"/> is null); null when the build, attempt or step does not exist.</summary>
    public static async Task<Func<Stream, Task>?> OpenAsync(FarmDbContext db, Guid id, int? attempt, int? step, CancellationToken cancellationToken)
    {
        var latest = await db.Builds.AsNoTracking().Where(b => b.Id == id).Select(b => (int?)b.Attempt).FirstOrDefaultAsync(cancellationToken);
        if (latest is null || attempt is < 1 || attempt > latest)
            return null;
        if (step is not null)
            attempt ??= latest;
        var steps = await db.BuildSteps.AsNoTracking()
            .Where(s => s.BuildId == id && (attempt == null || s.Attempt == attempt))
            .OrderBy(s => s.Attempt).ThenBy(s => s.Index)
            .Select(s => new StepHeader(s.Attempt, s.Index, s.Instruction, s.AgentId))
            .ToListAsync(cancellationToken);
        var totals = steps.GroupBy(s => s.Attempt).ToDictionary(g => g.Key, g => g.Max(s => s.Index) + 1);
        var chunks = db.BuildLogChunks.AsNoTracking().Where(c => c.BuildId == id && (attempt == null || c.Attempt == attempt));
        if (step is { } index)
        {
            steps = steps.Where(s => s.Index == index).ToList();
            chunks = chunks.Where(c => c.StepIndex == index);
            if (steps.Count == 0 && !await chunks.AnyAsync(cancellationToken))
                return null;
        }
        var agentIds = steps.Select(s => s.Agent).OfType<string>().Distinct().ToList();
        var names = await db.Agents.AsNoTracking().Where(a => agentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        var ordered = chunks.OrderBy(c => c.Attempt).ThenBy(c => c.StepIndex).ThenBy(c => c.Seq)
            .Select(c => new { c.Attempt, c.StepIndex, c.Text });

        return async output =>
        {
            await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            var headed = (Attempt: 0, Index: -1);
            var pending = steps.GetEnumerator();
            var hasStep = pending.MoveNext();
            await foreach (var batch in ordered.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                var key = (batch.Attempt, batch.StepIndex);
                // Steps ordered before this batch (those without output too) get their headers first.
                for (; hasStep && (pending.Current.Attempt, pending.Current.Index).CompareTo(key) <= 0; hasStep = pending.MoveNext())
                {
                    await writer.WriteLineAsync(Header(pending.Current, totals, names));
                    headed = (pending.Current.Attempt, pending.Current.Index);
                }
                // A batch whose step row never arrived still belongs in the log, under a plainer header.
                if (headed != key)
                {
                    await writer.WriteLineAsync(batch.StepIndex == PushLog.StepIndex
                        ? $"==> {PushLog.Title} (attempt {batch.Attempt})"
                        : $"==> step {batch.StepIndex + 1} (attempt {batch.Attempt})");
                    headed = key;
                }
                await writer.WriteLineAsync(batch.Text);
            }
            for (; hasStep; hasStep = pending.MoveNext())
                await writer.WriteLineAsync(Header(pending.Current, totals, names));
        };
    }

    static string Header(StepHeader s, Dictionary<int, int> totals, Dictionary<string, string> names) =>
        $"==> step {s.Index + 1}/{totals[s.Attempt]}: {s.Instruction} " +
        $"(attempt {s.Attempt}, agent {(s.Agent is null ? "unknown" : names.GetValueOrDefault(s.Agent, s.Agent))})";
}
