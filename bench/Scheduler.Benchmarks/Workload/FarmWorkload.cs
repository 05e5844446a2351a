using System.Text.Json;
using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Ignore;
using BuildFarm.Shared.Placement;

namespace BuildFarm.Scheduler.Benchmarks.Workload;

/// <summary>One build of a repository at a commit, planned the way Web plans a submission.</summary>
sealed record PlannedCommit(Repository Repository, int Commit, BuildPlan Plan, string PlanJson);

/// <summary>
/// What the benchmark stores: the agents, the repositories and their planned commits. Plans come from the project's
/// own parser and cache-key chain, so keys, prefixes shared between commits and stored JSON are those of real builds.
/// </summary>
sealed class FarmWorkload
{
    readonly Dictionary<(string, int), PlannedCommit> _plans = [];

    public FarmWorkload(int agents, int repositories, int queued, int historyCommits)
    {
        Agents = AgentShape.Farm(agents);
        Repositories = Homed(agents: Agents, repositories);
        HistoryCommits = historyCommits;
        // Repositories take turns, some pushing twice before another once, as a queue fills on a busy morning.
        var random = new Random(20261205);
        Queued = Enumerable.Range(0, queued)
            .Select(i => Plan(Repositories[i % Repositories.Count], historyCommits + i / Repositories.Count))
            .OrderBy(_ => random.Next()).ToList();
    }

    public IReadOnlyList<AgentShape> Agents { get; }
    public IReadOnlyList<Repository> Repositories { get; }
    public int HistoryCommits { get; }
    /// <summary>The builds waiting for an agent, oldest first.</summary>
    public IReadOnlyList<PlannedCommit> Queued { get; }

    /// <summary>Each repository was built on two agents it can run on, the least busy first, the most constrained
    /// repositories choosing first, so every agent holds some chains and has builds to run.</summary>
    static IReadOnlyList<Repository> Homed(IReadOnlyList<AgentShape> agents, int count)
    {
        var homes = agents.ToDictionary(a => a.Id, _ => 0);
        var templates = Enumerable.Range(0, count).Select(r => (Index: r, Template: Templates.All[r % Templates.All.Count])).ToList();
        var homed = new Repository[count];
        foreach (var (index, template) in templates.OrderBy(t => agents.Count(t.Template.RunsOn)).ThenBy(t => t.Index))
        {
            var chosen = agents.Where(template.RunsOn).OrderBy(a => homes[a.Id]).ThenBy(a => a.Id, StringComparer.Ordinal)
                .Take(2).Select(a => a.Id).ToList();
            chosen.ForEach(id => homes[id]++);
            homed[index] = new Repository($"ml/{template.Name}-{index / Templates.All.Count:00}", index, template, chosen);
        }
        return homed;
    }

    public IEnumerable<PlannedCommit> History() =>
        Repositories.SelectMany(r => Enumerable.Range(0, HistoryCommits).Select(c => Plan(r, c)));

    public IEnumerable<Repository> HomedOn(string agentId) => Repositories.Where(r => r.Homes.Contains(agentId));

    public PlannedCommit Plan(Repository repository, int commit)
    {
        if (_plans.TryGetValue((repository.Name, commit), out var known))
            return known;
        var parsed = DockerfileParser.Parse(repository.Template.Dockerfile);
        var baseBytes = new Dictionary<string, long>();
        var planned = CacheKeyChain.Compute(parsed, null, new Dictionary<string, string>(), reference =>
            {
                // Sizes by digest, as the registry reports them at submit: pulls dominate a cold agent's estimate.
                var digest = Repository.Digest(reference);
                baseBytes[digest] = Templates.BaseBytes(reference);
                return digest;
            },
            ContextSnapshot.FromFiles(repository.FilesAt(commit), DockerIgnore.Empty));
        var plan = BuildPlan.FromPlanned(planned, digest => baseBytes.GetValueOrDefault(digest)) with
        {
            RequiredLabels = repository.Template.RequiredLabels,
            Gpu = repository.Template.GpuCuda is { } cuda ? new GpuRequirement(cuda) : null,
        };
        var result = new PlannedCommit(repository, commit, plan, JsonSerializer.Serialize(plan, JsonSerializerOptions.Web));
        _plans[(repository.Name, commit)] = result;
        return result;
    }
}
