namespace BuildFarm.Data;

/// <summary>A base image a build's plan used (one row per <c>FROM</c> reference), written at submit so the insights can
/// ask "builds on this base" with an indexed lookup instead of reading every stored plan.</summary>
public class BuildBase
{
    public Guid BuildId { get; set; }
    /// <summary>The reference as the Dockerfile named it, after build args ("pytorch/pytorch:2.9-cuda12.1").</summary>
    public string Reference { get; set; } = "";
    /// <summary>The digest the reference resolved to at submit; null when the registry could not tell.</summary>
    public string? Digest { get; set; }
}
