namespace BuildFarm.Contracts;

/// <summary>A tag an agent pushed, with the manifest digest its registry now names for it.</summary>
public record PushedTag(string Tag, string Digest);
