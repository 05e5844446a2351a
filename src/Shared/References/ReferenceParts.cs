namespace BuildFarm.Shared.References;

/// <summary>The step-by-step checks behind <see cref="ImageReference.TryParse"/>, each naming the part it rejects.</summary>
internal static class ReferenceParts
{
    // distribution's splitDockerDomain: the first component is a registry only when it looks like one
    // (localhost, a '.' or ':', or uppercase, which a repository path may not hold); otherwise Docker Hub.
    public static (string Domain, string Path) SplitDomain(string name)
    {
        var slash = name.IndexOf('/');
        if (slash < 0)
        {
            return ("docker.io", "library/" + name);
        }

        var first = name[..slash];
        var rest = name[(slash + 1)..];
        var (domain, path) = first switch
        {
            "localhost" => (first, rest),
            "index.docker.io" => ("docker.io", rest),
            _ when first.IndexOfAny(['.', ':']) >= 0 || first.ToLowerInvariant() != first => (first, rest),
            _ => ("docker.io", name),
        };

        return domain == "docker.io" && !path.Contains('/') ? (domain, "library/" + path) : (domain, path);
    }

    public static string? CheckName(string domain, string path, string written)
    {
        if (!ReferenceGrammar.DomainAndPort().IsMatch(domain))
        {
            return $"registry '{domain}' is not a host name or IP address with an optional numeric port";
        }

        if (path.ToLowerInvariant() != path)
        {
            return $"repository name '{written}' must be lowercase";
        }

        foreach (var component in path.Split('/'))
        {
            if (component.Length == 0)
            {
                return $"repository name '{written}' has an empty path component";
            }

            if (!ReferenceGrammar.PathComponentRegex().IsMatch(component))
            {
                return $"path component '{component}' must be lowercase letters and digits, separated by one '.', "
                    + "one or two '_', or dashes, and must start and end with a letter or digit";
            }
        }

        var length = domain.Length + 1 + path.Length;
        return length > ReferenceGrammar.NameTotalLengthMax
            ? $"repository name '{domain}/{path}' is {length} characters long; the limit is {ReferenceGrammar.NameTotalLengthMax}"
            : null;
    }

    // go-digest: the grammar allows any algorithm and 32+ hex digits, but Docker only accepts registered
    // algorithms with their exact length in lowercase hex.
    public static string? CheckDigest(string digest)
    {
        if (!ReferenceGrammar.DigestRegex().IsMatch(digest))
        {
            return $"digest '{digest}' must be written algorithm:hex, e.g. sha256: followed by 64 hex digits";
        }

        var colon = digest.IndexOf(':');
        var algorithm = digest[..colon];
        var hex = digest[(colon + 1)..];
        if (!ReferenceGrammar.DigestHexLengths.TryGetValue(algorithm, out var expected))
        {
            return $"digest algorithm '{algorithm}' is not supported (use sha256, sha384 or sha512)";
        }

        if (hex.Length != expected || hex.Any(char.IsUpper))
        {
            return $"a {algorithm} digest must be {expected} lowercase hex digits, not '{hex}'";
        }

        return null;
    }
}
