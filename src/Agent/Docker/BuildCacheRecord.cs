namespace BuildFarm.Agent.Docker;

/// <summary>One BuildKit cache record as <c>GET /system/df</c> lists it. <paramref name="InUse"/> records (held by a
/// running build) are never pruned; <paramref name="Shared"/> ones also back an image.</summary>
public sealed record BuildCacheRecord(
    string Id, long Size, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool InUse, bool Shared, string? Type = null,
    string? Description = null)
{
    /// <summary>When BuildKit last used the record; a record never used since it was made counts from its creation.</summary>
    public DateTimeOffset UsedAt => LastUsedAt ?? CreatedAt;
}
