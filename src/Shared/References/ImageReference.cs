using System.Diagnostics.CodeAnalysis;

namespace BuildFarm.Shared.References;

/// <summary>
/// A Docker image reference, normalized the way Docker normalizes familiar names
/// ("ubuntu:22.04" is docker.io/library/ubuntu:22.04).
/// </summary>
/// <param name="Domain">Registry host with optional port, e.g. "docker.io" or "localhost:5000".</param>
/// <param name="Path">Repository path within the registry, e.g. "library/ubuntu".</param>
/// <param name="Tag">The tag, or null when none was written (Docker then assumes "latest").</param>
/// <param name="Digest">The digest ("sha256:..."), or null.</param>
public sealed record ImageReference(string Domain, string Path, string? Tag, string? Digest)
{
    private const string DockerHub = "docker.io";
    private const string OfficialPrefix = "library/";

    /// <summary>Domain and path: the repository name, e.g. "docker.io/library/ubuntu".</summary>
    public string Name => $"{Domain}/{Path}";

    /// <summary>The short form Docker shows: "ubuntu:22.04" for Docker Hub's official images, the full name elsewhere.</summary>
    public string FamiliarName => Domain != DockerHub ? Name
        : Path.StartsWith(OfficialPrefix, StringComparison.Ordinal) && Path.IndexOf('/', OfficialPrefix.Length) < 0
            ? Path[OfficialPrefix.Length..]
            : Path;

    /// <summary>The normalized reference: name, then ":tag" and "@digest" where present.</summary>
    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>Parses and validates an image reference.</summary>
    /// <param name="value">The reference as a user wrote it.</param>
    /// <returns>The normalized reference.</returns>
    /// <exception cref="FormatException">The reference is invalid; the message says which part and why.</exception>
    public static ImageReference Parse(string value) =>
        TryParse(value, out var reference, out var error)
            ? reference
            : throw new FormatException($"'{value}' is not a valid image reference: {error}.");

    /// <summary>Parses and validates an image reference by the distribution reference grammar.</summary>
    /// <param name="value">The reference as a user wrote it.</param>
    /// <param name="reference">The normalized reference, when valid.</param>
    /// <param name="error">When invalid: what is wrong, naming the faulty part, as a clause without a final period.</param>
    /// <returns>Whether the reference is valid.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out ImageReference? reference, out string error)
    {
        var problem = Check(value, out var parsed);
        reference = problem is null ? parsed : null;
        error = problem ?? "";
        return reference is not null;
    }

    private static string? Check(string? value, out ImageReference? reference)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return "the reference is empty";
        }

        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "it contains whitespace or control characters";
        }

        if (ReferenceGrammar.Identifier().IsMatch(value))
        {
            return "a 64-character hexadecimal string is an image ID, not a repository name";
        }

        var name = value;
        string? digest = null;
        var at = name.IndexOf('@');
        if (at >= 0)
        {
            digest = name[(at + 1)..];
            name = name[..at];
            if (ReferenceParts.CheckDigest(digest) is { } digestError)
            {
                return digestError;
            }
        }

        string? tag = null;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            tag = name[(colon + 1)..];
            name = name[..colon];
            if (!ReferenceGrammar.TagRegex().IsMatch(tag))
            {
                return tag.Length == 0
                    ? "the tag after ':' is empty"
                    : $"tag '{tag}' must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'";
            }
        }

        if (name.Length == 0)
        {
            return "the repository name is missing";
        }

        var (domain, path) = ReferenceParts.SplitDomain(name);
        if (ReferenceParts.CheckName(domain, path, name) is { } nameError)
        {
            return nameError;
        }

        reference = new ImageReference(domain, path, tag, digest);
        return ReferenceGrammar.Reference().IsMatch(reference.ToString()) ? null : "it does not follow the image reference grammar";
    }
}
