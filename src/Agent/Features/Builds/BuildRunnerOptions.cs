using BuildFarm.Shared.Builds;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>How the agent runs builds.</summary>
/// <param name="WorkRoot">Each build writes its context (and fetches a branch or tag) into its own folder under here,
/// removed when it ends; the agent's <see cref="CheckoutCache"/> keeps commits in <c>.checkouts</c> here.</param>
/// <param name="AllowLocalRepositories">Whether file:// and local-path repositories may be built (single-machine farms).</param>
public sealed record BuildRunnerOptions(string WorkRoot, bool AllowLocalRepositories)
{
    /// <summary>The network RUN steps get. "none" because the farm's engines run with --bridge=none (no default bridge
    /// exists); set "default" or "host" where steps must download packages.</summary>
    public string? NetworkMode { get; init; } = "none";

    /// <summary>The largest Dockerfile and context the agent sends to its engine; over them the build fails naming the
    /// limit, before the context tar is written.</summary>
    public ContextLimits ContextLimits { get; init; } = ContextLimits.Default;

    /// <summary>Least time between two log tails of one step, so a chatty step cannot flood the bus.</summary>
    public TimeSpan LogInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
