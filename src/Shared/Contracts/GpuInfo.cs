namespace BuildFarm.Contracts;

/// <summary>One GPU as nvidia-smi reports it.</summary>
public record GpuInfo(string Name, string Uuid, long MemoryMiB);
