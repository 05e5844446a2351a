using BuildFarm.Placement.Simulator.Workload;

namespace BuildFarm.Placement.Simulator.Simulation;

/// <summary>One finished build as measured: the numbers the report is made of.</summary>
internal readonly record struct BuildRecord(double Arrival, double Started, double Finished, int CachedSteps, int Steps, long PulledBytes);

/// <summary>
/// A discrete-event run of one policy over a workload: arrivals, starts, finishes, agents leaving (their builds go
/// back to the queue and start over elsewhere) and joining. Builds a policy cannot place yet wait in arrival order
/// and are offered again whenever a slot frees or an agent joins.
/// </summary>
internal sealed class Simulator
{
    private readonly WorkloadRun _workload;
    private readonly PlacementPolicy _policy;
    private readonly FarmState _state;
    private readonly PriorityQueue<Action, (double, long)> _events = new();
    private readonly SortedSet<Job> _pending = new(Comparer<Job>.Create((a, b) => a.Id.CompareTo(b.Id)));
    private readonly List<BuildRecord> _records = [];
    private readonly Dictionary<string, (double Sum, int Count)> _instructionRuns = new(StringComparer.Ordinal);
    private long _sequence;

    public Simulator(WorkloadRun workload, PlacementPolicy policy)
    {
        _workload = workload;
        _policy = policy;
        var settings = workload.Settings;
        var agents = settings.AgentCapacities.Select((c, i) => new SimAgent(i, c, settings.CacheBudgetBytes)
        {
            Online = i < settings.AgentsAtStart,
        }).ToArray();
        _state = new FarmState(settings, agents);
    }

    public int Restarts { get; private set; }

    public IReadOnlyList<BuildRecord> Run()
    {
        foreach (var job in _workload.Jobs)
        {
            At(job.Arrival, () => Arrive(job));
        }

        foreach (var churn in _workload.Churn)
        {
            At(churn.At, () => Change(churn));
        }

        while (_events.TryDequeue(out var action, out var when))
        {
            _state.Now = when.Item1;
            action();
            if (_records.Count == _workload.Jobs.Count)
            {
                break;
            }
        }

        if (_records.Count != _workload.Jobs.Count)
        {
            throw new InvalidOperationException($"{_workload.Jobs.Count - _records.Count} builds never finished");
        }

        return _records;
    }

    private void At(double time, Action action) => _events.Enqueue(action, (time, _sequence++));

    private void Arrive(Job job)
    {
        _pending.Add(job);
        PlacePending();
    }

    private void PlacePending()
    {
        foreach (var job in _pending.ToList())
        {
            if (_policy(_state, job) is not { } assignment)
            {
                continue;
            }

            _pending.Remove(job);
            var attempt = new Attempt(job, assignment.Estimate);
            if (assignment.Agent.HasFreeSlot)
            {
                Start(assignment.Agent, attempt);
            }
            else
            {
                assignment.Agent.Waiting.Enqueue(attempt);
            }
        }
    }

    private void Start(SimAgent agent, Attempt attempt)
    {
        var cache = agent.Cache;
        var outcome = Execution.Run(attempt.Job, cache.Contains, _state.Settings);
        foreach (var (key, _) in Execution.Leaves(attempt.Job))
        {
            cache.Touch(key);
        }

        attempt.Started = _state.Now;
        attempt.Ends = _state.Now + outcome.Seconds;
        agent.Running.Add(attempt);
        At(attempt.Ends, () => Finish(agent, attempt, outcome));
    }

    private void Finish(SimAgent agent, Attempt attempt, Outcome outcome)
    {
        if (attempt.Cancelled)
        {
            return;
        }

        agent.Running.Remove(attempt);
        var job = attempt.Job;
        foreach (var (key, bytes) in Execution.Leaves(job))
        {
            agent.Cache.Add(key, bytes);
        }

        Measure(job);
        _records.Add(new BuildRecord(job.Arrival, attempt.Started, attempt.Ends, outcome.CachedSteps, outcome.Steps, outcome.PulledBytes));
        if (agent.Waiting.TryDequeue(out var next))
        {
            Start(agent, next);
        }

        PlacePending();
    }

    // What agents report after a build: the duration of every step that really ran.
    private void Measure(Job job)
    {
        // A key is measured the first time its step runs; a later cached use says nothing about its cost.
        var steps = job.Plan.Steps;
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].HasVertex && steps[i].Kind == Shared.Placement.StepKind.Instruction && !_state.MeasuredByKey.ContainsKey(steps[i].Key))
            {
                var seconds = Execution.TrueSeconds(job, i);
                _state.MeasuredByKey[steps[i].Key] = seconds;
                // The scheduler averages the runs of an instruction text (ClusterLoader.DurationsAsync).
                var (sum, count) = _instructionRuns.GetValueOrDefault(steps[i].Instruction);
                _instructionRuns[steps[i].Instruction] = (sum + seconds, count + 1);
                _state.MeasuredByInstruction[steps[i].Instruction] = (sum + seconds) / (count + 1);
            }
        }
    }

    private void Change(ChurnEvent churn)
    {
        var agent = _state.Agents[churn.Agent];
        if (churn.Joins)
        {
            if (churn.Wiped)
            {
                agent.Cache.Clear();
            }

            agent.Online = true;
        }
        else
        {
            agent.Online = false;
            foreach (var attempt in agent.Running.Concat(agent.Waiting))
            {
                attempt.Cancelled = true;
                _pending.Add(attempt.Job);
                Restarts += double.IsNaN(attempt.Started) ? 0 : 1;
            }

            agent.Running.Clear();
            agent.Waiting.Clear();
        }

        PlacePending();
    }
}
