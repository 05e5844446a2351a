namespace BuildFarm.Contracts;

/// <summary>Published by the scheduler after it has stored a change to a build, so open pages re-read it.</summary>
public record BuildChanged(Guid BuildId, string Status);
