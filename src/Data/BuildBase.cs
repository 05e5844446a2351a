namespace BuildFarm.Data;

/// <summary>A base image a build was planned on: the tag and the digest it pointed at when the build was submitted.
/// Joins a tag's history (<see cref="ImageDigest"/>) to the builds each digest served, so a moved tag names the builds
/// it leaves behind.</summary>
public class BuildBase
{
    public Guid BuildId { get; set; }
    public string Reference { get; set; } = "";
    /// <summary>The tag digest (the index digest for multi-platform images), as <see cref="ImageDigest.Digest"/> keeps it.</summary>
    public string Digest { get; set; } = "";
}
