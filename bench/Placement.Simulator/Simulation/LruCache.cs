namespace BuildFarm.Placement.Simulator.Simulation;

/// <summary>
/// An agent's build cache: keys and base digests with their bytes, least recently used dropped first once the
/// budget is passed, as the agent's prune does. <see cref="Keys"/> is what the agent reports to the scheduler.
/// </summary>
internal sealed class LruCache(long budget)
{
    private readonly LinkedList<(string Key, long Bytes)> _order = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, long Bytes)>> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public IReadOnlySet<string> Keys => _keys;

    public long Bytes { get; private set; }

    public bool Contains(string key) => _keys.Contains(key);

    public void Touch(string key)
    {
        if (_nodes.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
        }
    }

    public void Add(string key, long bytes)
    {
        if (_nodes.TryGetValue(key, out var node))
        {
            Touch(key);
            return;
        }

        _nodes[key] = _order.AddFirst((key, bytes));
        _keys.Add(key);
        Bytes += bytes;
        while (Bytes > budget && _order.Last is { } last && last != _order.First)
        {
            _order.RemoveLast();
            _nodes.Remove(last.Value.Key);
            _keys.Remove(last.Value.Key);
            Bytes -= last.Value.Bytes;
        }
    }

    public void Clear()
    {
        _order.Clear();
        _nodes.Clear();
        _keys.Clear();
        Bytes = 0;
    }
}
