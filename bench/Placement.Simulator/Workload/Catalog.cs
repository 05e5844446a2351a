namespace BuildFarm.Placement.Simulator.Workload;

/// <summary>A CUDA base image: its tag moves to a new digest now and then.</summary>
internal sealed record BaseImage(string Reference, long Bytes);

/// <summary>Repositories made from one template: same base, same system packages, shared requirement pins.</summary>
internal sealed record Family(int Id, int Base, string Packages, double AptSeconds, long AptBytes);

/// <summary>The images, families and repositories a workload draws from.</summary>
internal static class Catalog
{
    public static readonly BaseImage[] Bases =
    [
        new("pytorch/pytorch:2.9.0-cuda12.8-cudnn9-runtime", 4_200_000_000),
        new("pytorch/pytorch:2.8.0-cuda12.6-cudnn9-devel", 6_500_000_000),
        new("nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04", 3_500_000_000),
        new("tensorflow/tensorflow:2.17.0-gpu", 3_800_000_000),
    ];

    private static readonly string[] Packages =
        ["git", "libgl1", "ffmpeg", "libsndfile1", "build-essential", "libglib2.0-0", "curl", "libjpeg-dev", "sox", "graphviz"];

    public static Family[] Families(int count, Random random) => Enumerable.Range(0, count).Select(f =>
    {
        var packages = string.Join(' ', Packages.Where((_, i) => i == 0 || (f + i) % 3 == 0).Append($"fam{f}-tools"));
        return new Family(f, f % Bases.Length, packages, 40 + random.NextDouble() * 80, 200_000_000 + random.NextInt64(400_000_000));
    }).ToArray();

    public static string Dockerfile(Family family, string repository) => $"""
        FROM {Bases[family.Base].Reference}
        ENV PYTHONDONTWRITEBYTECODE=1
        WORKDIR /workspace
        RUN apt-get update && apt-get install -y --no-install-recommends {family.Packages} && rm -rf /var/lib/apt/lists/*
        COPY requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt
        COPY . .
        RUN python -m compileall -q src && python -m pytest -q tests/unit -k {repository}
        """;

    /// <summary>Seconds a requirements set takes to install and the layer it leaves: torch and friends, minutes and GBs.</summary>
    public static (double Seconds, long Bytes) Requirements(string content) =>
        (Stable.Between(content, 180, 540), (long)Stable.Between(content + "#bytes", 2.5e9, 6e9));
}
