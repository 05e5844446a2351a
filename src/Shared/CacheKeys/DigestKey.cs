using System.Text.RegularExpressions;

namespace BuildFarm.Shared.CacheKeys;

/// <summary>
/// The key of a base image known by digest. A sha256 digest is itself the key, so an agent's list of base digests
/// and its list of keys speak the same words; any other digest is hashed.
/// </summary>
internal static partial class DigestKey
{
    public static string Of(string digest)
    {
        var match = Sha256Digest().Match(digest);
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : KeyHasher.Hash("from", "digest", digest);
    }

    [GeneratedRegex("^sha256:([0-9a-fA-F]{64})$")]
    private static partial Regex Sha256Digest();
}
