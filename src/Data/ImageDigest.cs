namespace BuildFarm.Data;

/// <summary>A digest an image reference (a tag) was seen to point at when the farm planned a build: the tag's
/// history, kept across restarts, so a moved tag is told apart from a changed Dockerfile.</summary>
public class ImageDigest
{
    public string Reference { get; set; } = "";
    public string Digest { get; set; } = "";
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}
