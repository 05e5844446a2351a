using System.Collections.Immutable;

namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>
/// Variables by name in the order they were first set, later sets replacing the value in place, like the env
/// list BuildKit keeps on an llb.State (AddEnv). Names are case-sensitive: NormalizeEnvKey is the identity on Linux.
/// Immutable collections underneath, so a per-step snapshot and a child stage's copy cost nothing whatever
/// the number of variables (a file of thousands of ARG lines must not make snapshots quadratic).
/// </summary>
internal sealed class VariableScope
{
    private ImmutableDictionary<string, int> _index;
    private ImmutableList<DockerfileVariable> _items;

    public VariableScope()
    {
        _index = ImmutableDictionary.Create<string, int>(StringComparer.Ordinal);
        _items = [];
    }

    public VariableScope(VariableScope other)
    {
        _index = other._index;
        _items = other._items;
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

    public DockerfileVariable? Find(string name) => _index.TryGetValue(name, out var i) ? _items[i] : null;

    public void Set(string name, string? value)
    {
        var variable = new DockerfileVariable(name, value);
        if (_index.TryGetValue(name, out var i))
        {
            _items = _items.SetItem(i, variable);
        }
        else
        {
            _index = _index.Add(name, _items.Count);
            _items = _items.Add(variable);
        }
    }

    /// <summary>The variables now, in order; later changes to the scope do not show in it.</summary>
    public IReadOnlyList<DockerfileVariable> Snapshot() => _items;
}
