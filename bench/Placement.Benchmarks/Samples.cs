using System.Text;
using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Ignore;

namespace BuildFarm.Placement.Benchmarks;

/// <summary>A 40-instruction ML Dockerfile with a 300-file context: larger than most, so the numbers are a ceiling.</summary>
internal static class Samples
{
    public const string BaseDigest = "sha256:4f5d3c1b2a0918273645546372819000aabbccddeeff00112233445566778899";

    public static readonly string Dockerfile = Build();

    public static readonly ContextSnapshot Context = ContextSnapshot.FromFiles(
        Enumerable.Range(0, 300).Select(i => new ContextFile(
            i % 10 == 0 ? $"requirements/part{i / 10}.txt" : $"src/pkg{i % 7}/module{i}.py",
            Convert.ToHexStringLower(BitConverter.GetBytes((long)i * 7919)).PadLeft(40, '0'),
            ContextFile.RegularMode, 1000 + i)),
        DockerIgnore.Parse("**/__pycache__\n*.ckpt\n"));

    public static readonly IReadOnlyDictionary<string, string> Args = new Dictionary<string, string> { ["TORCH"] = "2.9.0" };

    public static KeyChain Plan() =>
        CacheKeyChain.Compute(DockerfileParser.Parse(Dockerfile, Args), null, Args, _ => BaseDigest, Context);

    private static string Build()
    {
        var text = new StringBuilder();
        text.AppendLine("# syntax=docker/dockerfile:1");
        text.AppendLine("ARG CUDA=12.8");
        text.AppendLine("FROM pytorch/pytorch:2.9.0-cuda${CUDA}-cudnn9-runtime");
        text.AppendLine("ARG TORCH=2.8.0");
        text.AppendLine("ENV PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1");
        text.AppendLine("WORKDIR /workspace");
        text.AppendLine("RUN apt-get update && apt-get install -y --no-install-recommends git ffmpeg libgl1 \\\n    && rm -rf /var/lib/apt/lists/*");
        for (var i = 0; i < 30; i++)
        {
            text.AppendLine((i % 3) switch
            {
                0 => $"COPY requirements/part{i / 3}.txt /tmp/req{i}.txt",
                1 => $"RUN pip install -r /tmp/req{i - 1}.txt \"torch==${{TORCH}}\" --extra-index-url https://example.invalid/cu128",
                _ => $"ENV STEP_{i}=done-{i}",
            });
        }

        text.AppendLine("COPY src/ /workspace/src/");
        text.AppendLine("RUN python -m compileall -q src");
        text.AppendLine("LABEL org.opencontainers.image.source=https://example.invalid/repo");
        text.AppendLine("""CMD ["python", "-m", "src.train"]""");
        return text.ToString();
    }
}
