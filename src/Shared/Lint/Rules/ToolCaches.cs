using BuildFarm.Shared.Lint.Commands;
using static BuildFarm.Shared.Lint.Rules.InstallCacheCheck;

namespace BuildFarm.Shared.Lint.Rules;

/// <summary>Where each package manager keeps its downloads, and what keeps them out of the image.</summary>
/// <param name="Installs">The first install of this tool in the RUN, or null.</param>
/// <param name="Avoided">Whether the RUN mounts a cache for it, turns its cache off or cleans it up.</param>
/// <param name="Why">The end of the message after the command.</param>
/// <param name="Fix">What to write instead.</param>
internal sealed record ToolCaches(Func<RunFacts, CommandLine?> Installs, Func<RunFacts, bool> Avoided, string Why, string Fix)
{
    public static readonly ToolCaches Pip = new(
        run => run.Commands.FirstOrDefault(c => c.Pip is { Tool: "pip", IsInstall: true, DisablesCache: false }),
        run => run.EnvSet("PIP_NO_CACHE_DIR")
            || run.MountsAt(t => t.Contains("pip") || t.TrimEnd('/').EndsWith("/.cache"), run.Env("PIP_CACHE_DIR"))
            || run.Commands.Any(c => c.Pip is { Subcommand: "cache" })
            || run.Removes(p => p.Contains(".cache/pip") || p.TrimEnd('/').EndsWith("/.cache")),
        "keeps every wheel it downloads in ~/.cache/pip inside this layer (hundreds of MB for torch): the image grows by that much, every push and pull moves it, and a layer miss downloads everything again.",
        "Mount a cache, which BuildKit keeps between builds outside the image: `RUN --mount=type=cache,target=/root/.cache/pip pip install …`; or pass `--no-cache-dir`.");

    public static readonly ToolCaches Uv = new(
        run => run.Commands.FirstOrDefault(c =>
            (c.Pip is { Tool: "uv pip", IsInstall: true, DisablesCache: false })
            || (c.Program == "uv" && c.Args.FirstOrDefault(a => !a.StartsWith('-')) == "sync" && !c.Args.Contains("--no-cache") && !c.Args.Contains("-n"))),
        run => run.EnvSet("UV_NO_CACHE")
            || run.MountsAt(t => t.Contains("uv") || t.TrimEnd('/').EndsWith("/.cache"), run.Env("UV_CACHE_DIR"))
            || run.Commands.Any(c => c.Program == "uv" && c.Args.FirstOrDefault() == "cache")
            || run.Removes(p => p.Contains(".cache/uv") || p.TrimEnd('/').EndsWith("/.cache")),
        "keeps every package it downloads in ~/.cache/uv inside this layer: the image grows by that much, every push and pull moves it, and a layer miss downloads everything again.",
        "Mount a cache: `RUN --mount=type=cache,target=/root/.cache/uv uv …` (with `UV_LINK_MODE=copy`); or pass `--no-cache`.");

    public static readonly ToolCaches Apt = new(
        run => run.Commands.FirstOrDefault(c => c.Apt is { IsInstall: true }),
        run => run.MountsAt(t => t.StartsWith("/var/cache/apt") || t.StartsWith("/var/lib/apt"), null)
            || run.Removes(p => p.StartsWith("/var/lib/apt/lists")),
        "leaves the package lists (/var/lib/apt/lists, tens of MB) in this layer, and a layer miss downloads every .deb again.",
        "End the RUN with `rm -rf /var/lib/apt/lists/*`, or mount caches: `RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install …` (after removing /etc/apt/apt.conf.d/docker-clean, which empties the cache).");

    public static readonly ToolCaches Conda = new(
        run => run.Commands.FirstOrDefault(c => c.Conda is { IsInstall: true }),
        run => run.MountsAt(t => t.Contains("pkgs") || t.Contains("conda") || t.Contains("mamba"), run.Env("CONDA_PKGS_DIRS"))
            || run.Commands.Any(c => c.Conda is { IsClean: true })
            || run.Removes(p => p.Contains("/pkgs")),
        "keeps every package it downloads in the pkgs folder inside this layer (often GBs): the image grows by that much, every push and pull moves it, and a layer miss downloads everything again.",
        "End the RUN with `conda clean -afy` (or `micromamba clean -afy`), or mount a cache: `RUN --mount=type=cache,target=/opt/conda/pkgs conda install …`.");

    public static readonly IReadOnlyList<ToolCaches> All = [Pip, Uv, Apt, Conda];
}
