namespace BuildFarm.Shared.Lint.Commands;

/// <summary>
/// A command that installs dependencies: a language package manager (pip, uv, poetry, pipenv, pdm, conda, npm,
/// yarn, pnpm, go, bundler, cargo) or a system one (apt, apk, dnf, yum, zypper); slow, and cached only while
/// everything before it in the layer chain stays the same.
/// </summary>
/// <param name="Line">The command.</param>
/// <param name="Manifests">The files it reads what to install from, as written (e.g. "requirements.txt"),
/// including those it reads by default (package.json for <c>npm ci</c>); empty for system packages.</param>
internal sealed record DependencyInstall(CommandLine Line, IReadOnlyList<string> Manifests)
{
    private const int MaxCommandLength = 60;

    private static readonly string[] ProjectFiles = ["pyproject.toml", "setup.py", "setup.cfg"];

    private static readonly HashSet<string> OtherTools =
        ["uv", "poetry", "pipenv", "pdm", "npm", "yarn", "pnpm", "go", "bundle", "cargo", "apk", "dnf", "yum", "microdnf", "zypper"];

    public static DependencyInstall? Read(CommandLine line)
    {
        var manifests = ReadManifests(line);
        if (manifests is null)
        {
            return null;
        }

        return new DependencyInstall(line, manifests);
    }

    /// <summary>The command line, shortened for messages (made only when a message needs it).</summary>
    public string Command
    {
        get
        {
            var text = Line.Text;
            return text.Length <= MaxCommandLength ? text : text[..(MaxCommandLength - 1)] + "…";
        }
    }

    /// <summary>Whether pip installs from a folder (the project itself) rather than an index.</summary>
    public static bool IsLocalPath(string requirement) =>
        requirement is "." or ".." || requirement.StartsWith("./") || requirement.StartsWith("../") || requirement.StartsWith('/')
        || requirement.StartsWith("file:") || requirement.StartsWith(".[");

    private static IReadOnlyList<string>? ReadManifests(CommandLine line)
    {
        if (line.Pip is { } pip)
        {
            return pip.IsInstall ? PipManifests(pip) : null;
        }

        if (line.Conda is { } conda)
        {
            return conda.IsInstall ? conda.Files.ToArray() : null;
        }

        if (line.Apt is { } apt)
        {
            return apt.IsInstall ? [] : null;
        }

        if (!OtherTools.Contains(line.Program))
        {
            return null;
        }

        var operands = line.Args.Where(a => !a.StartsWith('-')).ToList();
        var first = operands.FirstOrDefault();
        return (line.Program, first) switch
        {
            ("uv", "sync") => ["pyproject.toml", "uv.lock"],
            ("poetry", "install" or "sync") => ["pyproject.toml", "poetry.lock"],
            ("pipenv", "install" or "sync") => ["Pipfile", "Pipfile.lock"],
            ("pdm", "install" or "sync") => ["pyproject.toml", "pdm.lock"],
            ("npm", "ci" or "install" or "i") when operands.Count == 1 => ["package.json", "package-lock.json"],
            ("npm", "install" or "i") => [],
            ("yarn", null or "install") => ["package.json", "yarn.lock"],
            ("pnpm", "install" or "i") => ["package.json", "pnpm-lock.yaml"],
            ("go", "mod") when operands.ElementAtOrDefault(1) == "download" => ["go.mod", "go.sum"],
            ("bundle", "install") => ["Gemfile", "Gemfile.lock"],
            ("cargo", "fetch") => ["Cargo.toml", "Cargo.lock"],
            ("apk", "add") or ("dnf" or "yum" or "microdnf" or "zypper", "install") => [],
            _ => null,
        };
    }

    // pip install --no-deps . installs only the project, which needs its source anyway: not a dependency install.
    private static IReadOnlyList<string>? PipManifests(PipCommand pip)
    {
        var manifests = pip.RequirementFiles;
        var requirements = 0;
        var local = new List<string>();
        foreach (var requirement in pip.Requirements)
        {
            requirements++;
            if (IsLocalPath(requirement))
            {
                local.Add(requirement);
            }
        }

        if (pip.NoDeps)
        {
            return manifests.Count == 0 && requirements == local.Count ? null : manifests;
        }

        foreach (var path in local)
        {
            manifests.AddRange(ProjectFiles.Select(f => ProjectFile(path, f)));
        }

        return manifests;
    }

    private static string ProjectFile(string path, string file)
    {
        var folder = path.StartsWith("file:") ? path[5..] : path;
        var extras = folder.IndexOf('[');
        folder = (extras < 0 ? folder : folder[..extras]).TrimEnd('/');
        return folder is "." or "" ? file : folder + "/" + file;
    }
}
