using BuildFarm.Data;
using BuildFarm.Web.Features.Planning;

namespace BuildFarm.Web.Features.Bases;

/// <summary>The rows that say which base digests a planned build was submitted on.</summary>
public static class BuildBaseRows
{
    /// <summary>One row per base whose tag digest the registry told; a base planned with "digest unknown" served no
    /// digest the bases page could name.</summary>
    public static IEnumerable<BuildBase> Of(Guid buildId, PlanningResult? planned) =>
        (planned?.Bases ?? []).Where(b => b.TagDigest is not null).DistinctBy(b => b.Reference)
            .Select(b => new BuildBase { BuildId = buildId, Reference = b.Reference, Digest = b.TagDigest! });
}
