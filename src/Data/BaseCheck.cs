namespace BuildFarm.Data;

/// <summary>How the base watch last went for one tag: when it asked the registry and, when the registry could not
/// answer, why. The tag's digests stay in <see cref="ImageDigest"/>; a failed check loses none of them.</summary>
public class BaseCheck
{
    public string Reference { get; set; } = "";
    public DateTimeOffset CheckedAt { get; set; }
    /// <summary>The registry's trouble as a sentence; null when the last check answered.</summary>
    public string? Error { get; set; }
}
