namespace BuildFarm.Shared.Lint.Commands;

/// <summary>A run of apt-get, apt or aptitude.</summary>
/// <param name="Program">The program as written, for messages.</param>
/// <param name="Subcommand">update, install, upgrade, … or null.</param>
/// <param name="Args">The arguments, options read.</param>
internal sealed record AptCommand(string Program, string? Subcommand, ArgList Args)
{
    private static readonly HashSet<string> Valued = ["-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release"];

    public bool IsUpdate => Subcommand == "update";

    /// <summary>Reads the package lists: install, or an upgrade.</summary>
    public bool ReadsLists => Subcommand is "install" or "reinstall" or "upgrade" or "dist-upgrade" or "full-upgrade" or "build-dep" or "source";

    public bool IsInstall => Subcommand is "install" or "reinstall" or "build-dep";

    public static AptCommand? Read(CommandLine command)
    {
        if (command.Program is not ("apt-get" or "apt" or "aptitude"))
        {
            return null;
        }

        var args = ArgList.Read(command.Args, Valued);
        return new AptCommand(command.Program, args.Operands.FirstOrDefault(), args);
    }
}

/// <summary>A run of conda, mamba or micromamba; <c>env create</c> and <c>env update</c> read as one subcommand.</summary>
/// <param name="Program">The program as written, for messages.</param>
/// <param name="Subcommand">install, create, env create, clean, … or null.</param>
/// <param name="Args">The arguments, options read.</param>
internal sealed record CondaCommand(string Program, string? Subcommand, ArgList Args)
{
    public const string DefaultEnvironmentFile = "environment.yml";

    private static readonly HashSet<string> Valued =
    [
        "-n", "--name", "-p", "--prefix", "-c", "--channel", "-f", "--file", "--solver", "--repodata-fn", "-r",
        "--root-prefix", "--platform", "--subdir", "--category", "--experimental-solver", "--pkgs-dirs",
    ];

    public bool IsInstall => Subcommand is "install" or "create" or "update" or "upgrade" or "env create" or "env update";

    public bool IsClean => Subcommand == "clean";

    /// <summary>The environment or package-list files it reads (<c>conda env create</c> reads environment.yml by default).</summary>
    public IEnumerable<string> Files
    {
        get
        {
            var files = Args.Values("-f", "--file").ToList();
            return files.Count == 0 && Subcommand is "env create" or "env update" ? [DefaultEnvironmentFile] : files;
        }
    }

    public static CondaCommand? Read(CommandLine command)
    {
        if (command.Program is not ("conda" or "mamba" or "micromamba"))
        {
            return null;
        }

        var args = ArgList.Read(command.Args, Valued);
        var subcommand = args.Operands.FirstOrDefault();
        if (subcommand == "env" && args.Operands.Count > 1)
        {
            subcommand = "env " + args.Operands[1];
        }

        return new CondaCommand(command.Program, subcommand, args);
    }
}
