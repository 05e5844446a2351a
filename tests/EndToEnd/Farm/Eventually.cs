namespace BuildFarm.EndToEnd.Farm;

/// <summary>Waits on a condition with a deadline: real processes take their own time, and luck is no test.</summary>
public static class Eventually
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, Func<T?, string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        T? last = default;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                lastError = null;
                if (done(last))
                    return last;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                lastError = e;
            }
            await Task.Delay(Poll);
        }
        throw new TimeoutException($"gave up after {timeout.TotalSeconds:0}s: {describe(last)}" +
            (lastError is null ? "" : $" (last error: {lastError.Message})"));
    }

    public static Task Until(Func<bool> done, TimeSpan timeout, string what) =>
        Until(() => Task.FromResult(done()), d => d, timeout, _ => what);
}
