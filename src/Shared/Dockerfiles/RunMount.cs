namespace BuildFarm.Shared.Dockerfiles;

/// <summary>A <c>RUN --mount=…</c> option, read like BuildKit's instructions.parseMount.</summary>
/// <param name="Type">bind (the default), cache, tmpfs, secret or ssh.</param>
/// <param name="Target">Where it is mounted (target, dst or destination), or null.</param>
/// <param name="Source">The path inside the source (source or src), or null.</param>
/// <param name="From">The stage name, stage index or image it is read from, or null for the build context
/// (bind mounts) or an empty cache.</param>
/// <param name="FromStageIndex">The index of the stage <paramref name="From"/> names, or null when it names an image or nothing.</param>
/// <param name="Id">The cache or secret id, or null.</param>
/// <param name="ReadOnly">Whether it is read-only: bind, secret and ssh mounts are unless rw is given.</param>
/// <param name="Options">Every key=value field as written after variable expansion, keys lower-cased, in order.</param>
public sealed record RunMount(
    string Type,
    string? Target,
    string? Source,
    string? From,
    int? FromStageIndex,
    string? Id,
    bool ReadOnly,
    IReadOnlyList<KeyValuePair<string, string>> Options);
