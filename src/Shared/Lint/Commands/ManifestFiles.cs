using System.IO.Enumeration;

namespace BuildFarm.Shared.Lint.Commands;

/// <summary>
/// Which COPY sources are dependency manifests, and which sources bring a given manifest into the image.
/// Matching is by file name: the destination folder and WORKDIR do not change what a source is.
/// </summary>
internal static class ManifestFiles
{
    // Files that declare dependencies or travel with them (a README that pyproject.toml names, a lock file).
    private static readonly string[] Patterns =
    [
        "*requirements*.txt", "*requirements*.in", "requirements", "constraints*.txt", "pyproject.toml", "setup.py",
        "setup.cfg", "poetry.lock", "poetry.toml", "Pipfile", "Pipfile.lock", "pdm.lock", "uv.lock", "environment*.yml",
        "environment*.yaml", "*conda-lock*.yml", "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
        ".yarnrc", ".yarnrc.yml", ".npmrc", "pnpm-lock.yaml", "pnpm-workspace.yaml", "go.mod", "go.sum", "Cargo.toml",
        "Cargo.lock", "Gemfile", "Gemfile.lock", "composer.json", "composer.lock", "packages.txt", "apt.txt", "Aptfile",
        "renv.lock", "*.lock", "README*", "LICENSE*", "MANIFEST.in", ".python-version",
    ];

    private static readonly HashSet<string> Names = new(Patterns.Where(p => !p.Contains('*')), StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Globs = Patterns.Where(p => p.Contains('*')).ToArray();

    /// <summary>A source that names the whole context: ".", "./", "*", "/" and the like.</summary>
    public static bool IsWholeContext(string source)
    {
        var path = source;
        while (path.StartsWith("./"))
        {
            path = path[2..];
        }

        path = path.Trim('/');
        return path is "" or "." || path.All(c => c == '*');
    }

    /// <summary>Whether a source is a manifest: a known name, or a file some install in this Dockerfile reads.</summary>
    public static bool IsManifest(string source, IReadOnlySet<string> referenced)
    {
        var name = Name(source);
        return referenced.Contains(name) || Names.Contains(name) || Globs.Any(p => FileSystemName.MatchesSimpleExpression(p, name, ignoreCase: true));
    }

    /// <summary>The parts of a manifest's path, as <see cref="Brings"/> takes them.</summary>
    public static string[] Segments(string manifest) => manifest.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether copying <paramref name="source"/> brings a manifest (a path an install reads, given by its
    /// <see cref="Segments"/>) into the image: the same file name (globs allowed), or a folder on the manifest's path.</summary>
    public static bool Brings(string source, string[] segments)
    {
        if (IsWholeContext(source))
        {
            return true;
        }

        var name = Name(source);
        if (segments.Length == 0 || name.Length == 0)
        {
            return false;
        }

        return FileSystemName.MatchesSimpleExpression(name, segments[^1]) || segments[..^1].Contains(name);
    }

    public static string Name(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }
}
