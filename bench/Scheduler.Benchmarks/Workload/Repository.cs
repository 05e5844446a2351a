using System.Security.Cryptography;
using System.Text;
using BuildFarm.Shared.CacheKeys;

namespace BuildFarm.Scheduler.Benchmarks.Workload;

/// <summary>A repository built from a template; each commit changes its code, every fourth its requirements too.</summary>
/// <param name="Homes">The agents that built it before and so hold its chain.</param>
sealed record Repository(string Name, int Index, Template Template, IReadOnlyList<string> Homes)
{
    public IReadOnlyList<ContextFile> FilesAt(int commit) =>
    [
        File("requirements.txt", $"# {Name}, pins of round {commit / 4}\ntorch==2.{commit / 4 % 10}.0\ntransformers==4.{40 + commit / 4}.0\nnumpy\n"),
        File("src/model.py", $"# {Name} at commit {commit}\nimport torch\n"),
        File("src/train.py", $"# {Name}\nfrom src.model import *\n"),
        File("configs/base.yaml", $"name: {Name}\nbatch: 64\n"),
        File("tokenizer/vocab.json", "{}"),
        File("tests/unit/test_model.py", "def test_model(): pass\n"),
    ];

    /// <summary>A hash that is the same in every process (string.GetHashCode is not).</summary>
    public static string Digest(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    static ContextFile File(string path, string content) =>
        new(path, Digest(content)[7..47], ContextFile.RegularMode, content.Length);
}
