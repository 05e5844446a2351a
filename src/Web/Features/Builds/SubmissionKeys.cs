using System.Collections.Concurrent;

namespace BuildFarm.Web.Features.Builds;

/// <summary>
/// Which build each submission key queued, for a few minutes: the same form posted twice (a double click, a resent
/// POST) or a script retrying with the same <c>Idempotency-Key</c> gets the first build back instead of a second one.
/// Both posts may arrive at once, so the second waits on the first's submission rather than racing it.
/// </summary>
public sealed class SubmissionKeys(TimeProvider time)
{
    /// <summary>How long a key is remembered: far longer than any double click or client retry.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    const int MaxKeyLength = 200;

    readonly ConcurrentDictionary<string, Entry> _keys = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="submit"/> once per key; without a key, every time.</summary>
    public async Task<Submitted> OnceAsync(string? key, Func<Task<Submitted>> submit)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength)
            return await submit();
        Forget(time.GetUtcNow() - Window);
        var entry = _keys.GetOrAdd(key, _ => new Entry(time.GetUtcNow(), new Lazy<Task<Submitted>>(submit)));
        try
        {
            var submitted = await entry.Submission.Value;
            // A refused submission queued nothing: the corrected form, which keeps its key, must be able to try again.
            if (submitted.Build is null)
                _keys.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            return submitted;
        }
        catch
        {
            _keys.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            throw;
        }
    }

    void Forget(DateTimeOffset before)
    {
        foreach (var (key, entry) in _keys)
            if (entry.At < before)
                _keys.TryRemove(new KeyValuePair<string, Entry>(key, entry));
    }

    sealed record Entry(DateTimeOffset At, Lazy<Task<Submitted>> Submission);
}
