using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Ignore;
using BuildFarm.Shared.Placement;

namespace BuildFarm.Placement.Simulator.Workload;

/// <summary>
/// Draws a workload from a seed: repositories over a handful of CUDA bases, commits (mostly code, some requirements,
/// a few plain rebuilds), bursts, base tags moving, shared requirement pins, agents leaving and coming back. Every
/// build is planned with the real parser and cache-key chain, so keys behave as the farm's own.
/// </summary>
internal sealed class WorkloadGenerator(WorkloadSettings settings)
{
    private readonly Random _random = new(settings.Seed);

    private sealed class Repo(string name, Family family, ParseResult parsed)
    {
        public string Name { get; } = name;
        public Family Family { get; } = family;
        public ParseResult Parsed { get; } = parsed;
        public int Code { get; set; }
        public string Requirements { get; set; } = "";
        public int LocalEdits { get; set; }
        public double TestSeconds { get; init; }
        public long CodeBytes { get; init; }
    }

    public WorkloadRun Generate()
    {
        var horizon = settings.Hours * 3600;
        var families = Catalog.Families(settings.Families, _random);
        var pins = families.Select(_ => Times(settings.HoursBetweenPins * 3600, horizon)).ToArray();
        var moves = Catalog.Bases.Select(_ => Times(settings.HoursBetweenBaseMoves * 3600, horizon)).ToArray();
        var repos = Enumerable.Range(0, settings.Repositories).Select(r => NewRepo(r, families[_random.Next(families.Length)])).ToArray();
        var popularity = Zipf(repos.Length);

        var jobs = new List<Job>();
        foreach (var at in Arrivals(horizon))
        {
            var repo = repos[Pick(popularity)];
            Commit(repo, pins[repo.Family.Id], at);
            jobs.Add(Plan(jobs.Count, at, repo, moves));
        }

        return new WorkloadRun(settings, jobs, Churn(horizon), moves.Sum(m => m.Count), pins.Sum(p => p.Count));
    }

    private Repo NewRepo(int index, Family family)
    {
        var name = $"team{index % 7}/model-{index:00}";
        var repo = new Repo(name, family, DockerfileParser.Parse(Catalog.Dockerfile(family, $"model{index:00}")))
        {
            TestSeconds = 8 + _random.NextDouble() * 50,
            CodeBytes = 20_000_000 + _random.NextInt64(180_000_000),
        };
        repo.Requirements = _random.NextDouble() < settings.AdoptPinShare ? Pin(family, 0) : Local(repo);
        return repo;
    }

    private void Commit(Repo repo, List<double> pinTimes, double at)
    {
        var roll = _random.NextDouble();
        if (roll < settings.CodeOnlyShare)
        {
            repo.Code++;
        }
        else if (roll < settings.CodeOnlyShare + settings.RequirementsShare)
        {
            var newest = Pin(repo.Family, pinTimes.Count(t => t <= at));
            repo.Requirements = _random.NextDouble() < settings.AdoptPinShare && repo.Requirements != newest ? newest : Local(repo);
            repo.Code++;
        }
    }

    private static string Pin(Family family, int pin) => $"# family {family.Id} pin {pin}\ntorch==2.{pin % 10}.0\ntransformers==4.{40 + pin}.0\n";

    private static string Local(Repo repo) => $"# {repo.Name} edit {++repo.LocalEdits}\ntorch==2.9.0\nnumpy\n";

    private Job Plan(int id, double at, Repo repo, List<double>[] moves)
    {
        var family = repo.Family;
        string? Digest(string reference) =>
            Stable.Digest($"{reference}#{moves[Array.FindIndex(Catalog.Bases, b => b.Reference == reference)].Count(t => t <= at)}");
        var files = new[]
        {
            File("requirements.txt", repo.Requirements),
            File("src/model.py", $"# {repo.Name} v{repo.Code}\n"),
            File("tests/unit/test_model.py", "def test(): pass\n"),
        };
        var planned = CacheKeyChain.Compute(repo.Parsed, null, new Dictionary<string, string>(), Digest,
            ContextSnapshot.FromFiles(files, DockerIgnore.Empty));
        var baseBytes = Catalog.Bases[family.Base].Bytes;
        var plan = BuildPlan.FromPlanned(planned, _ => baseBytes);
        var (pipSeconds, pipBytes) = Catalog.Requirements(repo.Requirements);
        StepTruth[] truth =
        [
            new(0, baseBytes), new(0, 0), new(0.3, 0), new(family.AptSeconds, family.AptBytes), new(1, 10_000),
            new(pipSeconds, pipBytes), new(2 + repo.CodeBytes / 100e6, repo.CodeBytes), new(repo.TestSeconds, 20_000_000),
        ];
        return new Job(id, at, repo.Name, plan, truth);
    }

    private static ContextFile File(string path, string content) =>
        new(path, Stable.Digest(content)[7..47], ContextFile.RegularMode, content.Length);

    private IEnumerable<double> Arrivals(double horizon)
    {
        var steady = Times(3600 / settings.BuildsPerHour, horizon);
        var bursts = Times(settings.HoursBetweenBursts * 3600, horizon)
            .SelectMany(start => Enumerable.Range(0, _random.Next(settings.BurstMin, settings.BurstMax + 1))
                .Select(_ => start + _random.NextDouble() * 120));
        return steady.Concat(bursts.ToList()).Where(t => t < horizon).Order();
    }

    /// <summary>A Poisson process: exponential gaps with the given mean.</summary>
    private List<double> Times(double meanGap, double horizon)
    {
        var times = new List<double>();
        for (var t = -Math.Log(1 - _random.NextDouble()) * meanGap; t < horizon; t += -Math.Log(1 - _random.NextDouble()) * meanGap)
        {
            times.Add(t);
        }

        return times;
    }

    // Hot repositories are spread over families by shuffling who gets which rank.
    private double[] Zipf(int count)
    {
        var ranks = Enumerable.Range(1, count).OrderBy(_ => _random.Next()).ToArray();
        var weights = ranks.Select(r => 1 / Math.Pow(r, settings.Skew)).ToArray();
        var total = weights.Sum();
        var cumulative = new double[count];
        for (double sum = 0, i = 0; i < count; i++)
        {
            sum += weights[(int)i] / total;
            cumulative[(int)i] = sum;
        }

        return cumulative;
    }

    private int Pick(double[] cumulative)
    {
        var index = Array.BinarySearch(cumulative, _random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    private List<ChurnEvent> Churn(double horizon)
    {
        var events = new List<ChurnEvent>();
        for (var agent = 0; agent < settings.AgentCapacities.Length; agent++)
        {
            var t = agent < settings.AgentsAtStart ? 0 : _random.NextDouble() * horizon / 2;
            if (t > 0)
            {
                events.Add(new ChurnEvent(t, agent, Joins: true, Wiped: true));
            }

            while (true)
            {
                t += -Math.Log(1 - _random.NextDouble()) * settings.MeanUptimeHours * 3600;
                if (t >= horizon)
                {
                    break;
                }

                events.Add(new ChurnEvent(t, agent, Joins: false, Wiped: false));
                t += 60 * (settings.MinDowntimeMinutes + _random.NextDouble() * (settings.MaxDowntimeMinutes - settings.MinDowntimeMinutes));
                events.Add(new ChurnEvent(t, agent, Joins: true, Wiped: _random.NextDouble() < settings.WipedOnReturn));
            }
        }

        return events.OrderBy(e => e.At).ThenBy(e => e.Agent).ToList();
    }
}
