namespace BuildFarm.Load.Benchmarks.Farm;

/// <summary>
/// The nice value of each Docker engine the run uses, and of the farm's processes, read from <c>/proc</c>: the farm's
/// scripts start engines at nice 10 (scripts/lib/dockerd.sh) and the distributed farm's agents likewise
/// (scripts/lib/farm.sh), and the pages' times under load depend on it, so a report must say what it ran with.
/// </summary>
static class EnginePriority
{
    /// <summary>"nice 10" for each engine found by its socket in a running dockerd's arguments, "unknown" for the others.</summary>
    public static string Describe(IEnumerable<string> dockerHosts) =>
        string.Join(", ", dockerHosts.Select(host => Of(host.Replace("unix://", "")) is { } nice ? $"nice {nice}" : "unknown").Distinct());

    static int? Of(string socket)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (!args.Any(a => a.EndsWith("/dockerd") || a == "dockerd") || !args.Any(a => a.EndsWith(socket)))
                    continue;
                return Nice(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while it was read.
            }
        }
        return null;
    }

    /// <summary>The nice values of these processes ("nice 10"), as <see cref="Describe"/> says them.</summary>
    public static string OfProcesses(IEnumerable<int> pids) =>
        string.Join(", ", pids.Select(pid =>
        {
            try
            {
                return $"nice {Nice($"/proc/{pid}")}";
            }
            catch (IOException)
            {
                return "ended";
            }
        }).Distinct());

    // Field 19 of /proc/<pid>/stat, counted after the command's closing parenthesis (it may hold spaces).
    static int Nice(string procDir)
    {
        var stat = File.ReadAllText(Path.Combine(procDir, "stat"));
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16]);
    }
}
