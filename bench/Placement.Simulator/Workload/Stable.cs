using System.Security.Cryptography;
using System.Text;

namespace BuildFarm.Placement.Simulator.Workload;

/// <summary>Hashes that are the same in every process (string.GetHashCode is randomized per process).</summary>
internal static class Stable
{
    public static ulong Hash(string text) => BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Digest(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A number in [0, 1) fixed by its inputs: run-to-run noise that every policy sees alike.</summary>
    public static double Unit(ulong a, ulong b)
    {
        var x = a * 0x9E3779B97F4A7C15UL ^ (b + 0x632BE59BD9B4E019UL);
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>A value between <paramref name="min"/> and <paramref name="max"/> fixed by a text.</summary>
    public static double Between(string text, double min, double max) => min + (max - min) * Unit(Hash(text), 1);
}
