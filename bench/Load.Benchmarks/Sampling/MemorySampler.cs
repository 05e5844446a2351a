namespace BuildFarm.Load.Benchmarks.Sampling;

/// <summary>A part's memory: the most resident memory seen by sampling, and the kernel's own high-water mark; and the
/// CPU time it used in all (user and system, its own threads), and apart the CPU of the processes it started and
/// waited for (git, for Web's submissions and the agents' checkouts).</summary>
public sealed record ProcessMemory(string Part, long SampledPeakKb, long HighWaterKb, long EndKb, double CpuSeconds, double ChildrenCpuSeconds);

/// <summary>Reads each farm process's resident set (VmRSS in /proc/&lt;pid&gt;/status) every second; at the end, its
/// high-water mark (VmHWM), which also catches a peak between two samples.</summary>
sealed class MemorySampler(Func<IReadOnlyDictionary<string, int>> processIds)
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    readonly Dictionary<string, long> _peaks = [];

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var (part, pid) in processIds())
                if (Read(pid, "VmRSS") is { } rss)
                    lock (_peaks)
                        _peaks[part] = Math.Max(_peaks.GetValueOrDefault(part), rss);
            try
            {
                await Task.Delay(Interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Every part's figures now; call before the processes stop.</summary>
    public IReadOnlyList<ProcessMemory> Final()
    {
        lock (_peaks)
            return processIds()
                .Select(p => new ProcessMemory(p.Key, _peaks.GetValueOrDefault(p.Key), Read(p.Value, "VmHWM") ?? 0, Read(p.Value, "VmRSS") ?? 0,
                    CpuSeconds(p.Value, children: false), CpuSeconds(p.Value, children: true)))
                .ToList();
    }

    /// <summary>utime + stime from /proc/&lt;pid&gt;/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux), or with
    /// <paramref name="children"/> cutime + cstime (16 and 17: the children it waited for); the fields are counted
    /// after the command name's closing parenthesis, which may itself hold spaces.</summary>
    static double CpuSeconds(int pid, bool children)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var first = children ? 13 : 11;
            return (long.Parse(fields[first]) + long.Parse(fields[first + 1])) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>A "Name:   1234 kB" line of the process's status, in kB; null once the process is gone.</summary>
    static long? Read(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]);
        }
        catch (IOException)
        {
        }
        return null;
    }
}
