using System.Text.Json;
using System.Text.RegularExpressions;
using BuildFarm.Data;
using BuildFarm.Scheduler.Features.Builds;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>
/// Builds that no agent can take now: each keeps why it waits, or fails with it once it has waited longer than the site
/// allows (a build only an offline agent can run would otherwise wait unseen forever).
/// </summary>
/// <remarks>
/// Every pass decides every queued build again, and a reason carries figures that move from pass to pass (the seconds of
/// queue ahead, which busy agent it waits for, how many builds each holds). Written whenever they moved, a backlog of a
/// thousand builds was a thousand rows rewritten (each with its agents' verdicts) and a thousand changes announced per
/// pass, about once a second (the load bench: 560 updates a pass, passes of 0.5-2 s, and the build-events queue falling
/// behind them). A reason whose words change is written at once; one whose figures alone moved, at most every
/// <see cref="FiguresRefresh"/>.
/// </remarks>
sealed partial class WaitingBuilds(IOptions<SchedulerOptions> options, ILogger log)
{
    public static readonly TimeSpan FiguresRefresh = TimeSpan.FromSeconds(15);

    // When each waiting build's reason was last written; only passes touch it, one at a time.
    readonly Dictionary<Guid, DateTimeOffset> _written = [];

    /// <summary>Forgets what is old enough to be written again anyway (placed builds among it), at each pass's start.</summary>
    public void Prune(DateTimeOffset now)
    {
        foreach (var (id, at) in _written.Where(w => now - w.Value >= FiguresRefresh).ToList())
            _written.Remove(id);
    }

    public async Task WaitAsync(FarmDbContext db, PlacementPass pass, Build build, PlacementDecision decision, DateTimeOffset now, CancellationToken ct)
    {
        var limit = options.Value.MaxQueueTime;
        if (await QueueTimeout.ExpiredAsync(db, build, now, limit, ct))
        {
            build.FinishedAt = now;
            build.WaitingReason = null;
            build.CandidatesJson = JsonSerializer.Serialize(decision.Candidates, Placer.Json);
            build.Error = $"waited {QueueTimeout.Describe(limit)}: {decision.Reason}";
            db.Record(build, BuildStatus.Failed, build.Error, now);
            pass.Changed.Add(build);
            log.LogWarning("Build {BuildId} failed after waiting {Limit} for an agent: {Reason}", build.Id, limit, decision.Reason);
            return;
        }
        if (build.WaitingReason == decision.Reason)
            return;
        if (build.WaitingReason is { } told && SameWords(told, decision.Reason) && _written.ContainsKey(build.Id))
            return;
        build.WaitingReason = decision.Reason;
        build.CandidatesJson = JsonSerializer.Serialize(decision.Candidates, Placer.Json);
        _written[build.Id] = now;
        pass.Changed.Add(build);
    }

    /// <summary>The same sentence but for its numbers: seconds, counts, and the number in an agent's name.</summary>
    static bool SameWords(string told, string now) => Figures().Replace(told, "#") == Figures().Replace(now, "#");

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex Figures();
}
