using System.Text;
using System.Text.Json;

namespace BuildFarm.Agent.Features.Outbox;

/// <summary>The outbox's messages beyond what it keeps in memory, as JSON lines in the agent's data folder, read back
/// in the order written. Survives a restart: what the broker never took is published by the next run.</summary>
sealed class SpillFile(string path)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    long _readOffset;

    public string Path { get; } = path;

    /// <summary>Messages written and not yet read back.</summary>
    public int Count { get; private set; } = File.Exists(path) ? File.ReadLines(path).Count(l => l.Length > 0) : 0;

    public void Append(IEnumerable<object> messages)
    {
        var lines = messages.Select(Line).ToList();
        if (lines.Count == 0)
            return;
        File.AppendAllLines(Path, lines);
        Count += lines.Count;
    }

    /// <summary>Up to <paramref name="max"/> of the oldest messages; the file goes once all are read.</summary>
    public IReadOnlyList<object> Take(int max)
    {
        var taken = new List<object>();
        if (Count == 0)
            return taken;
        using (var stream = File.OpenRead(Path))
        {
            stream.Seek(_readOffset, SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (taken.Count < max && reader.ReadLine() is { } line)
            {
                // StreamReader reads ahead, so the offset is counted from the lines themselves (one '\n' each).
                _readOffset += Encoding.UTF8.GetByteCount(line) + 1;
                if (line.Length > 0)
                    taken.Add(Parse(line));
            }
        }
        Count -= taken.Count;
        if (Count <= 0)
            Clear();
        return taken;
    }

    /// <summary>What is written and not yet taken, oldest first, left in place.</summary>
    public IEnumerable<object> Unread()
    {
        if (Count == 0)
            yield break;
        using var stream = File.OpenRead(Path);
        stream.Seek(_readOffset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
                yield return Parse(line);
        }
    }

    /// <summary>Rewrites the file as <paramref name="ahead"/> followed by what is still unread, for a stop.</summary>
    public void Prepend(IReadOnlyCollection<object> ahead)
    {
        var rest = Take(int.MaxValue);
        var aside = Path + ".tmp";
        File.WriteAllLines(aside, ahead.Concat(rest).Select(Line));
        File.Move(aside, Path, overwrite: true);
        Count = ahead.Count + rest.Count;
        _readOffset = 0;
    }

    void Clear()
    {
        File.Delete(Path);
        Count = 0;
        _readOffset = 0;
    }

    static string Line(object message) =>
        JsonSerializer.Serialize(new Entry(message.GetType().AssemblyQualifiedName!, JsonSerializer.SerializeToElement(message, message.GetType(), Json)), Json);

    static object Parse(string line)
    {
        var entry = JsonSerializer.Deserialize<Entry>(line, Json)!;
        var type = Type.GetType(entry.Type, throwOnError: true)!;
        return entry.Body.Deserialize(type, Json)!;
    }

    sealed record Entry(string Type, JsonElement Body);
}
