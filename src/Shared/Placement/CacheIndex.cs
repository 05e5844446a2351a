namespace BuildFarm.Shared.Placement;

/// <summary>
/// The farm's cache inventory turned around: for each cache key (or base digest), the agents that hold it, handed to
/// placement in <see cref="ClusterSnapshot.Index"/>: a decision then looks up each of the build's keys once, instead
/// of each key once per agent, which keeps a decision over a thousand agents holding ten thousand keys each in
/// memory under a millisecond (per-agent lookups miss the CPU cache on every probe).
/// </summary>
/// <remarks>The scheduler builds one per placement pass from the inventory rows of the keys it is placing (the
/// table is indexed by key), so it holds only those. Not thread-safe: update it and place builds under the same
/// lock.</remarks>
public sealed class CacheIndex
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly List<HashSet<string>?> _keys = [];
    private readonly Dictionary<string, List<int>> _holders = new(StringComparer.Ordinal);
    private readonly Stack<int> _freeSlots = new();

    /// <summary>How many agents it knows.</summary>
    public int AgentCount => _slots.Count;

    /// <summary>How many distinct keys some agent holds.</summary>
    public int KeyCount => _holders.Count;

    /// <summary>What one agent holds (empty for an agent it does not know).</summary>
    /// <param name="agentId">Agent id.</param>
    /// <returns>A live view: it changes with the index.</returns>
    public IReadOnlySet<string> KeysOf(string agentId) =>
        _slots.TryGetValue(agentId, out var slot) ? _keys[slot]! : None;

    /// <summary>Records keys an agent now holds (after a build).</summary>
    /// <param name="agentId">Agent id.</param>
    /// <param name="keys">Cache keys and base digests.</param>
    public void Add(string agentId, IEnumerable<string> keys)
    {
        var slot = SlotFor(agentId);
        var held = _keys[slot]!;
        foreach (var key in keys)
        {
            if (held.Add(key))
            {
                if (!_holders.TryGetValue(key, out var holders))
                {
                    _holders[key] = holders = new List<int>(1);
                }

                holders.Add(slot);
            }
        }
    }

    /// <summary>Records keys an agent dropped (pruned, or found missing when a prediction failed).</summary>
    /// <param name="agentId">Agent id.</param>
    /// <param name="keys">Cache keys and base digests.</param>
    public void Remove(string agentId, IEnumerable<string> keys)
    {
        if (!_slots.TryGetValue(agentId, out var slot))
        {
            return;
        }

        foreach (var key in keys)
        {
            if (_keys[slot]!.Remove(key))
            {
                Unhold(key, slot);
            }
        }
    }

    /// <summary>Replaces everything an agent holds with a full inventory report.</summary>
    /// <param name="agentId">Agent id.</param>
    /// <param name="keys">Cache keys and base digests.</param>
    public void Replace(string agentId, IEnumerable<string> keys)
    {
        var incoming = keys.ToHashSet(StringComparer.Ordinal);
        Remove(agentId, KeysOf(agentId).Where(k => !incoming.Contains(k)).ToArray());
        Add(agentId, incoming);
    }

    /// <summary>Forgets an agent and all it held (it was removed, or came back with an empty cache).</summary>
    /// <param name="agentId">Agent id.</param>
    public void Forget(string agentId)
    {
        if (!_slots.Remove(agentId, out var slot))
        {
            return;
        }

        foreach (var key in _keys[slot]!)
        {
            Unhold(key, slot);
        }

        _keys[slot] = null;
        _freeSlots.Push(slot);
    }

    internal int SlotCount => _keys.Count;

    internal int SlotOf(string agentId) => _slots.TryGetValue(agentId, out var slot) ? slot : -1;

    internal List<int>? Holders(string key) => _holders.GetValueOrDefault(key);

    private int SlotFor(string agentId)
    {
        if (_slots.TryGetValue(agentId, out var slot))
        {
            return slot;
        }

        slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _keys.Count;
        if (slot == _keys.Count)
        {
            _keys.Add(null);
        }

        _keys[slot] = new HashSet<string>(StringComparer.Ordinal);
        _slots[agentId] = slot;
        return slot;
    }

    private void Unhold(string key, int slot)
    {
        var holders = _holders[key];
        holders.Remove(slot);
        if (holders.Count == 0)
        {
            _holders.Remove(key);
        }
    }
}
