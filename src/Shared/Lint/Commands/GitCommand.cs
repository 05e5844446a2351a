namespace BuildFarm.Shared.Lint.Commands;

/// <summary>A run of git: its subcommand and arguments, after git's own options (<c>git -C repo checkout …</c>).</summary>
/// <param name="Subcommand">clone, checkout, reset, … or null.</param>
/// <param name="Args">The arguments after the subcommand, options read.</param>
internal sealed record GitCommand(string? Subcommand, ArgList Args)
{
    private static readonly HashSet<string> GlobalValued = ["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env"];

    private static readonly HashSet<string> Valued =
    [
        "-b", "--branch", "-o", "--origin", "-c", "--config", "--depth", "-j", "--jobs", "-u", "--upload-pack",
        "--reference", "--reference-if-able", "--separate-git-dir", "--shallow-since", "--shallow-exclude",
        "--template", "--filter", "--server-option", "--bundle-uri", "--ref-format",
    ];

    public static GitCommand? Read(CommandLine command)
    {
        if (command.Program != "git")
        {
            return null;
        }

        var args = command.Args;
        var i = 0;
        while (i < args.Count && args[i].StartsWith('-'))
        {
            i += GlobalValued.Contains(args[i]) ? 2 : 1;
        }

        return i < args.Count ? new GitCommand(args[i], ArgList.Read(args.Skip(i + 1).ToArray(), Valued)) : new GitCommand(null, ArgList.Read([], Valued));
    }
}
