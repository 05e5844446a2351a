namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>
/// Variables by name in the order they were first set, later sets replacing the value in place, like the env
/// list BuildKit keeps on an llb.State (AddEnv). Names are case-sensitive: NormalizeEnvKey is the identity on Linux.
/// </summary>
internal sealed class VariableScope
{
    private readonly Dictionary<string, int> _index;
    private readonly List<DockerfileVariable> _items;
    private IReadOnlyList<DockerfileVariable>? _snapshot;

    public VariableScope()
    {
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        _items = [];
    }

    public VariableScope(VariableScope other)
    {
        _index = new Dictionary<string, int>(other._index, StringComparer.Ordinal);
        _items = [.. other._items];
    }

    public static VariableScope Empty { get; } = new();

    public int Count => _items.Count;

    /// <summary>A variable is "set" when present with a value; an ARG without value is present but unset.</summary>
    public bool TryGet(string name, out string value)
    {
        if (_index.TryGetValue(name, out var i) && _items[i].Value is { } v)
        {
            value = v;
            return true;
        }

        value = "";
        return false;
    }

    public bool Contains(string name) => _index.ContainsKey(name);

    public DockerfileVariable? Find(string name) => _index.TryGetValue(name, out var i) ? _items[i] : null;

    public void Set(string name, string? value)
    {
        var variable = new DockerfileVariable(name, value);
        if (_index.TryGetValue(name, out var i))
        {
            _items[i] = variable;
        }
        else
        {
            _index[name] = _items.Count;
            _items.Add(variable);
        }

        _snapshot = null;
    }

    /// <summary>An immutable copy, shared by consecutive steps while nothing changes.</summary>
    public IReadOnlyList<DockerfileVariable> Snapshot() => _snapshot ??= _items.Count == 0 ? [] : _items.ToArray();
}
