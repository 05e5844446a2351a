using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Registration;
using BuildFarm.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildFarm.Agent.Features.Cache;

/// <summary>Keeps the agent's cache inventory: what each build attempt held or proved missing, the build cache under its
/// budget, and the reports that tell the scheduler. One update at a time, since builds end concurrently when the agent's
/// capacity is above one and each update rewrites the inventory file. A singleton and the file's only writer, so the file
/// is read once and after that the keys in memory are the truth; each update writes them back once.</summary>
public sealed class CacheKeeper(
    AgentIdentity identity, EngineBuildCache buildCache, long? budgetBytes, TimeProvider clock, ILogger<CacheKeeper>? logger = null)
{
    readonly ILogger _log = logger ?? (ILogger)NullLogger.Instance;
    readonly CacheInventory _inventory = CacheInventory.In(identity.DataDir);
    readonly SemaphoreSlim _gate = new(1, 1);
    Dictionary<string, long>? _keys;
    // What a report says when the engine cannot be asked: the size last seen.
    long _lastCacheBytes;

    /// <summary>Records what the attempt held and proved missing, prunes down to the budget, and returns the report to
    /// publish. <paramref name="steps"/> are the attempt's <see cref="StepCompleted"/> events, keys included.</summary>
    public async Task<AgentCacheReported> AfterBuildAsync(StartBuild job, BuildFinished finished, IReadOnlyList<StepCompleted> steps,
        CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            // Rounded up: every record the build used is then at or before its keys' time, which the prune cut relies on.
            var nowMs = (long)Math.Ceiling((now - DateTimeOffset.UnixEpoch).TotalMilliseconds);
            var keys = _keys ??= Load();
            var held = CacheUse.Held(job.Keys ?? [], steps, finished.ImageId is not null);
            var missing = CacheUse.Missing(steps, keys.Keys.ToHashSet(StringComparer.Ordinal), held);
            foreach (var key in missing)
                keys.Remove(key);
            foreach (var key in held)
                keys[key] = nowMs;
            var (pruned, cacheBytes) = await KeepUnderBudgetAsync(keys, nowMs, ct);
            _lastCacheBytes = cacheBytes ?? _lastCacheBytes;
            _inventory.Save(keys);
            if (missing.Count + pruned.Count > 0)
                _log.LogInformation("Build {BuildId}: cache holds {Held} keys of it; dropped {Missing} BuildKit lacked and pruned {Pruned}",
                    job.BuildId, held.Count, missing.Count, pruned.Count);
            return new AgentCacheReported(identity.Id, job.BuildId, false, held, [.. missing, .. pruned], _lastCacheBytes, budgetBytes,
                DateTimeOffset.FromUnixTimeMilliseconds(nowMs));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The whole inventory, for the report on start. An engine whose build cache is empty while the inventory is
    /// not was wiped (or replaced): the inventory is cleared first.</summary>
    /// <exception cref="DockerEngineException">The engine did not answer: try again later.</exception>
    public async Task<AgentCacheReported> StartReportAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var keys = _keys ??= Load();
            var records = await buildCache.GetRecordsAsync(ct);
            _lastCacheBytes = records.Sum(r => r.Size);
            // A wiped engine (no records at all) is the extreme case: every key goes.
            if (Forget(keys, PruneCutoff.Vanished(keys, records), "while the agent was away"))
                _inventory.Save(keys);
            // One time for all keys: the newest, so no key looks older than it is.
            var at = keys.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(keys.Values.Max()) : clock.GetUtcNow();
            return new AgentCacheReported(identity.Id, null, true, keys.Keys.ToList(), [], _lastCacheBytes, budgetBytes, at);
        }
        finally
        {
            _gate.Release();
        }
    }

    bool Forget(Dictionary<string, long> keys, IReadOnlyList<string> vanished, string when)
    {
        if (vanished.Count == 0)
            return false;
        _log.LogWarning("The engine no longer holds {Count} of the inventory's keys: its build cache was pruned {When}; forgetting them",
            vanished.Count, when);
        foreach (var key in vanished)
            keys.Remove(key);
        return true;
    }

    Dictionary<string, long> Load()
    {
        try
        {
            return _inventory.Load();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Starting empty only makes the scheduler expect less cache here than there is.
            _log.LogWarning("Cache inventory unreadable, starting it afresh: {Error}", e.Message);
            return new(StringComparer.Ordinal);
        }
    }

    /// <returns>The keys dropped, and the build cache's size afterwards (null when the engine could not be asked).</returns>
    async Task<(IReadOnlyList<string> Dropped, long? CacheBytes)> KeepUnderBudgetAsync(Dictionary<string, long> keys, long keepFromMs,
        CancellationToken ct)
    {
        try
        {
            var records = await buildCache.GetRecordsAsync(ct);
            var cacheBytes = records.Sum(r => r.Size);
            // Whatever BuildKit's own collector (or an admin) pruned since the last build goes first, budget or not.
            var vanished = PruneCutoff.Vanished(keys, records);
            Forget(keys, vanished, "since the last build");
            if (budgetBytes is not { } budget || PruneCutoff.Choose(keys, records, budget, keepFromMs) is not { } cut)
                return (vanished, cacheBytes);
            var reclaimed = await buildCache.PruneAsync(clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(cut), ct);
            var pruned = keys.Where(k => k.Value <= cut).Select(k => k.Key).ToList();
            foreach (var key in pruned)
                keys.Remove(key);
            _log.LogInformation("Build cache over its budget of {Budget} bytes: pruned what was last used by {Cut}, {Reclaimed} bytes",
                budget, DateTimeOffset.FromUnixTimeMilliseconds(cut), reclaimed);
            return ([.. vanished, .. pruned], cacheBytes - reclaimed);
        }
        catch (DockerEngineException e)
        {
            // The keys stay claimed: the scheduler corrects an inventory that claims too much when a build proves it.
            if (budgetBytes is { } budget)
                _log.LogWarning("Could not keep the build cache under its budget of {Budget} bytes: {Error}", budget, e.Message);
            else
                _log.LogWarning("Could not read the build cache's records to update its inventory: {Error}", e.Message);
            return ([], null);
        }
    }
}
