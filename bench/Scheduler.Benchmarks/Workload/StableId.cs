using System.Security.Cryptography;
using System.Text;

namespace BuildFarm.Scheduler.Benchmarks.Workload;

/// <summary>Build ids fixed by a name, so both databases hold the same rows and break ties alike.</summary>
static class StableId
{
    public static Guid For(string name) => new(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
}
