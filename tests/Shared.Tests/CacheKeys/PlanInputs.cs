using System.Security.Cryptography;
using System.Text;
using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Ignore;

namespace BuildFarm.Shared.Tests.CacheKeys;

/// <summary>Everything a plan depends on, changed one piece at a time by the specs.</summary>
internal sealed record PlanInputs(
    string Dockerfile,
    IReadOnlyDictionary<string, string>? Files = null,
    IReadOnlyDictionary<string, string>? BuildArgs = null,
    string? Target = null,
    string? DockerIgnore = null,
    IReadOnlyDictionary<string, string>? Digests = null,
    IReadOnlyDictionary<string, int>? Modes = null)
{
    public const string PythonDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    public KeyChain Plan()
    {
        var args = BuildArgs ?? new Dictionary<string, string>();
        var parsed = DockerfileParser.Parse(Dockerfile, args);
        var digests = Digests ?? new Dictionary<string, string> { ["python:3.11"] = PythonDigest };
        return CacheKeyChain.Compute(parsed, Target, args, r => digests.GetValueOrDefault(r), Snapshot());
    }

    public ContextSnapshot? Snapshot() => Files is null
        ? null
        : ContextSnapshot.FromFiles(
            Files.Select(f => File(f.Key, f.Value, Modes?.GetValueOrDefault(f.Key) is > 0 and var mode ? mode : ContextFile.RegularMode)),
            DockerIgnore is null ? BuildFarm.Shared.Ignore.DockerIgnore.Empty : BuildFarm.Shared.Ignore.DockerIgnore.Parse(DockerIgnore));

    public PlanInputs WithFile(string path, string content) =>
        this with { Files = new Dictionary<string, string>(Files ?? new Dictionary<string, string>()) { [path] = content } };

    public PlanInputs WithArg(string name, string value) =>
        this with { BuildArgs = new Dictionary<string, string>(BuildArgs ?? new Dictionary<string, string>()) { [name] = value } };

    public static ContextFile File(string path, string content, int mode = ContextFile.RegularMode)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var blob = SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes]);
        return new ContextFile(path, Convert.ToHexStringLower(blob), mode, bytes.Length);
    }

    /// <summary>The keys of the target stage, FROM first.</summary>
    public static string[] Keys(KeyChain plan)
    {
        Assert.True(plan.Succeeded, string.Join("; ", plan.Errors));
        return plan.Target!.Steps.Select(s => s.Key).ToArray();
    }

    /// <summary>The indexes at which two chains of the same length differ.</summary>
    public static int[] Changed(KeyChain before, KeyChain after)
    {
        var (a, b) = (Keys(before), Keys(after));
        Assert.Equal(a.Length, b.Length);
        return Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToArray();
    }
}
