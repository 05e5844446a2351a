using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>
/// The agent's last checkouts, by repository and full commit id. A commit never changes, and teams build one many
/// times (a matrix of build args, a rebuild, CI retrying): each build fetched it afresh, five git processes before the
/// engine heard of it. A build asks for its commit; the first fetches it into a folder of its own and moves it into
/// place whole, later ones read it where it is. Only a full commit id is kept (Web pins every build to one): a
/// branch or tag moves, so it is fetched every time. Builds only read a checkout (the context tar is written from it
/// into the build's own folder); one in use is never removed, the least recently used beyond
/// <c>capacity</c> go when nobody holds them. The folder is emptied when the agent starts: a checkout half-moved
/// by a crash is never trusted, and fetching again costs a few seconds.
/// </summary>
public sealed partial class CheckoutCache
{
    readonly string? _root;
    readonly int _capacity;
    readonly Dictionary<string, Entry> _entries = [];
    long _clock;

    CheckoutCache(string? root, int capacity)
    {
        _root = root;
        _capacity = capacity;
    }

    /// <summary>Keeps nothing: every build fetches into its own folder, as before the cache.</summary>
    public static CheckoutCache None { get; } = new(null, 0);

    /// <summary>A cache in <paramref name="root"/> of at most <paramref name="capacity"/> checkouts not in use
    /// (0: none kept); whatever the folder held is removed first.</summary>
    public static CheckoutCache Open(string root, int capacity)
    {
        if (capacity <= 0)
            return None;
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
        Directory.CreateDirectory(root);
        return new CheckoutCache(root, capacity);
    }

    /// <summary>Checks <paramref name="gitRef"/> of <paramref name="repository"/> out: the kept checkout when the ref is a
    /// full commit id seen before, else a fetch (into the cache when it is a full commit id, into
    /// <paramref name="freshDir"/> when not). Dispose the result once the checkout has been read.</summary>
    /// <exception cref="BuildSourceException">As <see cref="GitSource.FetchAsync"/>; a failure is not kept.</exception>
    public async Task<Checkout> CheckOutAsync(string repository, string gitRef, string freshDir, bool allowLocal, CancellationToken ct)
    {
        if (_root is null || !FullCommit().IsMatch(gitRef))
            return new Checkout(freshDir, await GitSource.FetchAsync(repository, gitRef, freshDir, allowLocal, ct), null);
        var commit = gitRef.ToLowerInvariant();
        var key = Key(repository, commit);
        while (true)
        {
            Entry entry;
            lock (_entries)
            {
                if (!_entries.TryGetValue(key, out entry!))
                    _entries[key] = entry = new Entry(key, Path.Combine(_root, key), FetchAsync(repository, commit, key, allowLocal, ct));
                entry.Leases++;
                entry.LastUsed = ++_clock;
            }
            try
            {
                await entry.Ready.WaitAsync(ct);
                return new Checkout(entry.Path, commit, () => Release(entry));
            }
            catch (Exception e)
            {
                Release(entry, forget: true);
                // The build that started the fetch was cancelled, not this one: fetch again for this one.
                if (e is OperationCanceledException && !ct.IsCancellationRequested)
                    continue;
                if (e is NamedLikeACommit)
                    return new Checkout(freshDir, await GitSource.FetchAsync(repository, gitRef, freshDir, allowLocal, ct), null);
                throw;
            }
        }
    }

    /// <summary>A branch or tag whose name is 40 hex digits: it moves, so it is fetched as any branch is.</summary>
    sealed class NamedLikeACommit : Exception;

    async Task FetchAsync(string repository, string commit, string key, bool allowLocal, CancellationToken ct)
    {
        // Yield first, so the caller's lock is released before git starts.
        await Task.Yield();
        var fetching = Path.Combine(_root!, $".{key}-{Guid.NewGuid():N}");
        try
        {
            var fetched = await GitSource.FetchAsync(repository, commit, fetching, allowLocal, ct);
            if (!string.Equals(fetched, commit, StringComparison.OrdinalIgnoreCase))
                throw new NamedLikeACommit();
            Directory.Move(fetching, Path.Combine(_root!, key));
        }
        finally
        {
            if (Directory.Exists(fetching))
                Directory.Delete(fetching, recursive: true);
        }
    }

    void Release(Entry entry, bool forget = false)
    {
        List<string> removed = [];
        lock (_entries)
        {
            entry.Leases--;
            // A failed fetch is never kept: the next build of that commit tries again.
            if (forget && entry.Ready.IsCompleted && !entry.Ready.IsCompletedSuccessfully && _entries.GetValueOrDefault(entry.Key) == entry)
                _entries.Remove(entry.Key);
            // Fetches that failed after every build waiting on them had gone (cancelled): nothing on disk, nobody to tell.
            foreach (var failed in _entries.Values.Where(e => e.Leases == 0 && e.Ready.IsCompleted && !e.Ready.IsCompletedSuccessfully).ToList())
                _entries.Remove(failed.Key);
            var idle = _entries.Values.Where(e => e.Leases == 0 && e.Ready.IsCompletedSuccessfully).OrderBy(e => e.LastUsed).ToList();
            foreach (var evicted in idle.Take(Math.Max(0, idle.Count - _capacity)))
            {
                _entries.Remove(evicted.Key);
                // Renamed while the lock is held, so a fetch of the same commit that starts now moves into a free name.
                var leaving = Path.Combine(_root!, $".{evicted.Key}-{Guid.NewGuid():N}");
                if (Tidy(() => Directory.Move(evicted.Path, leaving)))
                    removed.Add(leaving);
            }
        }
        foreach (var path in removed)
            Tidy(() => Directory.Delete(path, recursive: true));
    }

    // Removing an old checkout is housekeeping: a build that has read its own must not fail because another would not
    // go. What stays is removed when the agent next starts.
    static bool Tidy(Action removal)
    {
        try
        {
            removal();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // The folder's name: the repository's hash and the commit, so a URL never becomes a path.
    static string Key(string repository, string commit) =>
        $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(repository)))[..16]}-{commit}";

    sealed class Entry(string key, string path, Task ready)
    {
        public string Key { get; } = key;
        public string Path { get; } = path;
        public Task Ready { get; } = ready;
        public int Leases { get; set; }
        public long LastUsed { get; set; }
    }

    // SHA-1 and SHA-256 object ids.
    [GeneratedRegex("^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$")]
    private static partial Regex FullCommit();
}

/// <summary>A checked-out commit a build reads its context from; disposing it says the build is done reading.</summary>
public sealed class Checkout(string path, string commit, Action? release) : IDisposable
{
    Action? _release = release;

    public string Path { get; } = path;
    public string Commit { get; } = commit;

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
