namespace BuildFarm.Contracts;

/// <summary>Published by Web when a user or script asks to cancel; the scheduler decides what that means for the build's state.</summary>
public record BuildCancelRequested(Guid BuildId, DateTimeOffset RequestedAt);
