namespace BuildFarm.Shared.References;

/// <summary>
/// A registry as a stored credential names it: its host, with the port when it has one ("ghcr.io",
/// "registry.local:5000", "[::1]:5000"), by the same grammar Docker applies to the registry part of an image reference.
/// Credentials are matched to a tag by <see cref="Of"/>, so "ubuntu:22.04" and "index.docker.io/library/ubuntu" both
/// need the one for "docker.io".
/// </summary>
public static class RegistryHost
{
    /// <summary>The longest host the farm stores (the column's length, and DNS's own limit).</summary>
    public const int MaxLength = 255;

    private const string Example = "(ghcr.io, registry.local:5000)";

    /// <summary>Docker Hub's names in references and its API hosts all mean one registry.</summary>
    private static readonly string[] DockerHubAliases = ["index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"];

    /// <summary>What is wrong with <paramref name="text"/> as a registry host, as a sentence; null when it is one.</summary>
    public static string? Problem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"Registry is required: name its host, with the port when it has one {Example}.";
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            var host = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
            return $"Registry '{text}' must be a host without a scheme: write '{host}'.";
        }

        if (text.Contains('/'))
        {
            return $"Registry '{text}' must be a host without a path: a credential is kept per registry, not per repository.";
        }

        if (text.Length > MaxLength)
        {
            return $"Registry '{text[..40]}…' is {text.Length} characters long; a host has at most {MaxLength}.";
        }

        if (!ReferenceGrammar.DomainAndPort().IsMatch(text))
        {
            return $"Registry '{text}' is not a host name or IP address with an optional numeric port {Example}.";
        }

        // The regex takes any digits after the colon; a port is a 16-bit number above zero.
        var colon = text.LastIndexOf(':');
        if (colon > text.LastIndexOf(']'))
        {
            var port = text[(colon + 1)..];
            if (!int.TryParse(port, out var number) || number is < 1 or > 65535)
            {
                return $"Registry '{text}' has port {port}, which is not between 1 and 65535.";
            }
        }

        return null;
    }

    /// <summary>The host as the farm stores and compares it: lowercase (host names are case-insensitive), Docker Hub's
    /// aliases as "docker.io". Call it only on text <see cref="Problem"/> accepted.</summary>
    public static string Normalize(string host)
    {
        var lower = host.Trim().ToLowerInvariant();
        return DockerHubAliases.Contains(lower) ? "docker.io" : lower;
    }

    /// <summary>The registry an image reference pushes to.</summary>
    public static string Of(ImageReference reference) => Normalize(reference.Domain);

    /// <summary>The registry a tag pushes to; null when the tag is no image reference.</summary>
    public static string? OfTag(string tag) => ImageReference.TryParse(tag, out var reference, out _) ? Of(reference) : null;
}
