using System.Security.Cryptography;
using System.Text;

namespace BuildFarm.Cli.Features.Plan;

/// <summary>Git's blob id, SHA-1 of "blob &lt;size&gt;\0&lt;content&gt;": the same id the scheduler reads with
/// <c>git ls-tree</c>, so a plan from a working folder and one from the commit agree on unchanged files.</summary>
static class GitBlob
{
    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var size = stream.Length;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(Header(size));
        var buffer = new byte[81920];
        long read = 0;
        for (int n; read < size && (n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, size - read))) > 0; read += n)
        {
            sha.AppendData(buffer, 0, n);
        }

        if (read != size)
        {
            throw new IOException($"{path} changed while it was read");
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>A symbolic link's blob is its target path.</summary>
    public static string Of(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Header(content.Length), .. content]));

    private static byte[] Header(long size) => Encoding.ASCII.GetBytes($"blob {size}\0");
}
