namespace BuildFarm.Shared.Tests;

/// <summary>
/// Runs one fuzz case on a thread of its own, so a hang fails the case instead of the whole run, and counts what that
/// thread allocated, so an input that makes the code balloon fails too.
/// </summary>
internal static class FuzzBounds
{
    // Generous for a shared two-core CI machine; a hang is unbounded, so any finite deadline still catches one.
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    // Allocation allowed per case: a fixed floor for the parse tree, keys and lint report, plus a multiple of the
    // input's size (UTF-16 copies, per-line strings, expansions). Linear growth passes; quadratic growth does not.
    private const long FloorBytes = 64L << 20;
    public const long BytesPerInputChar = 400;

    public static void Run(string input, Action work, string? shown = null, long bytesPerInputChar = BytesPerInputChar)
    {
        long allocated = 0;
        var task = Task.Factory.StartNew(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            work();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Assert.True(task.Wait(Deadline), $"did not return within {Deadline} for {Preview(shown ?? input)}");
        var cap = FloorBytes + (bytesPerInputChar * input.Length);
        Assert.True(allocated <= cap, $"allocated {allocated:N0} bytes (cap {cap:N0}) for {Preview(shown ?? input)}");
    }

    private static string Preview(string text) =>
        (text.Length <= 200 ? text : text[..200] + "…").Replace("\n", "⏎");
}
