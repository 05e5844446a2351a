namespace BuildFarm.Scheduler.Benchmarks.Workload;

/// <summary>A registered agent of the benchmark's farm, before it is stored.</summary>
sealed record AgentShape(string Id, IReadOnlyDictionary<string, string> Labels, int Gpus, string? GpuName, string? DriverVersion)
{
    /// <summary>Twenty agents in three pools: five with 8 A100s, five with 4 L4s (two on a driver too old for CUDA
    /// 12), ten without GPUs; two zones.</summary>
    public static IReadOnlyList<AgentShape> Farm(int count) => Enumerable.Range(0, count).Select(i =>
    {
        var pool = i < count / 4 ? "a100" : i < count / 2 ? "l4" : "cpu";
        var labels = new Dictionary<string, string> { ["pool"] = pool, ["zone"] = i % 2 == 0 ? "eu-west-1a" : "eu-west-1b" };
        if (pool == "cpu")
            labels["disk"] = i % 3 == 0 ? "nvme" : "ssd";
        return pool switch
        {
            "a100" => new AgentShape($"agent-{i:00}", labels, 8, "NVIDIA A100-SXM4-80GB", "570.86.15"),
            "l4" => new AgentShape($"agent-{i:00}", labels, 4, "NVIDIA L4", i >= count / 2 - 2 ? "515.105.01" : "550.127.05"),
            _ => new AgentShape($"agent-{i:00}", labels, 0, null, null),
        };
    }).ToList();
}
