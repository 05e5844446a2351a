using System.Text.Json;

namespace BuildFarm.Agent.Features.Cache;

/// <summary>The keys this agent's build cache holds, each with when a build last used it (unix ms), in a JSON file in the
/// agent's data folder so a restart still knows them. Not safe for concurrent use: <see cref="CacheKeeper"/> serializes.</summary>
public sealed class CacheInventory(string path)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = path;

    public static CacheInventory In(string dataDir) => new(System.IO.Path.Combine(dataDir, "cache-inventory.json"));

    /// <summary>The keys and their last-used times; empty when there is no file yet.</summary>
    /// <exception cref="InvalidDataException">The file is not an inventory.</exception>
    public Dictionary<string, long> Load()
    {
        if (!File.Exists(Path))
            return new(StringComparer.Ordinal);
        try
        {
            var file = JsonSerializer.Deserialize<InventoryFile>(File.ReadAllText(Path), Json);
            return new(file?.Keys ?? [], StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path} is not a cache inventory: {e.Message}", e);
        }
    }

    public void Save(IReadOnlyDictionary<string, long> keys)
    {
        // Written aside and moved over, so a crash mid-write leaves the old inventory rather than half a file.
        var temp = Path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new InventoryFile(new(keys, StringComparer.Ordinal)), Json));
        File.Move(temp, Path, overwrite: true);
    }

    sealed record InventoryFile(Dictionary<string, long> Keys);
}
