namespace BuildFarm.Shared.CacheKeys;

/// <summary>
/// One file of a build context as git records it: the path, the git blob id of its content and the git mode.
/// BuildKit's COPY cache depends on content and mode, not on timestamps, so these are exactly what a key needs.
/// </summary>
/// <param name="Path">Path relative to the context root, '/'-separated, e.g. "src/train.py".</param>
/// <param name="BlobId">The git blob id: hex SHA-1 of "blob &lt;size&gt;\0&lt;content&gt;" (for a symbolic link, of its target).</param>
/// <param name="Mode">The git mode in octal digits read as decimal: 100644 (regular), 100755 (executable) or 120000 (symbolic link).</param>
/// <param name="Size">The content's length in bytes.</param>
public sealed record ContextFile(string Path, string BlobId, int Mode, long Size)
{
    /// <summary>A regular file.</summary>
    public const int RegularMode = 100644;

    /// <summary>A file with its owner's execute bit set.</summary>
    public const int ExecutableMode = 100755;

    /// <summary>A symbolic link; its blob is the link's target.</summary>
    public const int SymlinkMode = 120000;
}
