namespace BuildFarm.Shared.CacheKeys;

/// <summary>What a step reads besides its own text, in the order the instruction names it, ready to be hashed.</summary>
internal sealed class StepInputs
{
    private readonly List<Action<KeyHasher>> _writes = [];
    private readonly List<ContextFile> _files = [];
    private readonly List<string> _missing = [];
    private readonly List<int> _stages = [];

    public bool Unhashed { get; private set; }

    public bool Predictable { get; private set; } = true;

    public IReadOnlyList<string> Missing => _missing;

    public IReadOnlyList<int> Stages => _stages;

    public void Add(string kind, string value) => _writes.Add(h => h.Text(kind).Text(value));

    public void AddStage(int index, string finalKey, bool predictable)
    {
        _stages.Add(index);
        Predictable &= predictable;
        Add("stage", finalKey);
    }

    public void AddUnhashed(string source)
    {
        Unhashed = true;
        Predictable = false;
        Add("unhashed", source);
    }

    public void AddContext(string source, IReadOnlyList<ContextFile> selected, bool missing)
    {
        if (missing)
        {
            _missing.Add(source);
        }

        _files.AddRange(selected);
        _writes.Add(h =>
        {
            h.Text("context").Text(source).Number(selected.Count);
            foreach (var file in selected)
            {
                h.Text(file.Path).Text(file.BlobId).Number(file.Mode);
            }
        });
    }

    public void WriteTo(KeyHasher hasher)
    {
        hasher.Number(_writes.Count);
        foreach (var write in _writes)
        {
            write(hasher);
        }
    }

    public IReadOnlyList<string> HashedPaths() =>
        _files.Select(f => f.Path).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    // Two sources may name the same file; its blob is the same either way.
    public IReadOnlyDictionary<string, string> HashedBlobs()
    {
        var blobs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in _files)
        {
            blobs[file.Path] = file.BlobId;
        }

        return blobs;
    }
}
