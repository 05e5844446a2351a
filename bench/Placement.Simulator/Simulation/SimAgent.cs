using BuildFarm.Placement.Simulator.Workload;

namespace BuildFarm.Placement.Simulator.Simulation;

/// <summary>A build on an agent: waiting on its queue, or running since <see cref="Started"/> until <see cref="Ends"/>.</summary>
internal sealed class Attempt(Job job, double estimate)
{
    public Job Job { get; } = job;

    /// <summary>The policy's own estimate of the build's duration there (what a scheduler would know).</summary>
    public double Estimate { get; } = estimate;
    public double Started { get; set; } = double.NaN;
    public double Ends { get; set; } = double.NaN;
    public bool Cancelled { get; set; }
}

/// <summary>A build host: slots, its own FIFO queue, a bounded LRU cache, and whether it is up.</summary>
internal sealed class SimAgent(int index, int capacity, long budget)
{
    public int Index { get; } = index;
    public string Id { get; } = $"agent-{index + 1:00}";
    public int Capacity { get; } = capacity;
    public bool Online { get; set; }
    public LruCache Cache { get; } = new(budget);
    public List<Attempt> Running { get; } = [];
    public Queue<Attempt> Waiting { get; } = new();

    /// <summary>Builds assigned to it: running and waiting.</summary>
    public int Load => Running.Count + Waiting.Count;

    public bool HasFreeSlot => Online && Running.Count < Capacity;
}
