namespace BuildFarm.Contracts;

/// <summary>Published by Web once a build is stored as queued; the scheduler places it.</summary>
public record BuildRequested(Guid BuildId, BuildSpec Spec, DateTimeOffset RequestedAt);
