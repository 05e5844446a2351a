namespace BuildFarm.Shared.CacheKeys;

/// <summary>
/// The caller's resolution of base image references to digests, asked once per reference; the references it
/// could not resolve are kept, in the order first asked, for the plan to report.
/// </summary>
internal sealed class BaseDigests(Func<string, string?> resolve)
{
    private readonly Dictionary<string, string?> _digests = new(StringComparer.Ordinal);
    private readonly List<string> _unresolved = [];

    public IReadOnlyList<string> Unresolved => _unresolved;

    /// <returns>The digest, trimmed, or null when the caller has none.</returns>
    public string? Find(string reference)
    {
        if (!_digests.TryGetValue(reference, out var digest))
        {
            var resolved = resolve(reference);
            digest = string.IsNullOrWhiteSpace(resolved) ? null : resolved.Trim();
            _digests[reference] = digest;
            if (digest is null)
            {
                _unresolved.Add(reference);
            }
        }

        return digest;
    }
}
