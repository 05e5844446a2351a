using System.Text.RegularExpressions;

namespace BuildFarm.Shared.Lint.Commands;

/// <summary>
/// A pip run however it is written: <c>pip</c>/<c>pip3</c>/<c>pip3.11</c>, <c>python3 -m pip</c> and
/// <c>uv pip</c>, with pip's options wherever they stand (<c>pip --no-cache-dir install …</c> is valid).
/// </summary>
/// <param name="Tool">"pip" or "uv pip", as messages name it.</param>
/// <param name="Subcommand">install, download, cache, … or null.</param>
/// <param name="Args">The arguments after the subcommand, options read.</param>
/// <param name="GlobalArgs">The arguments before it (pip's and uv's global options).</param>
internal sealed partial record PipCommand(string Tool, string? Subcommand, ArgList Args, ArgList GlobalArgs)
{
    // Every pip and uv pip option that takes a value as the next word: a value read as a requirement would be
    // reported as unpinned.
    private static readonly HashSet<string> Valued =
    [
        "-r", "--requirement", "-c", "--constraint", "--constraints", "-e", "--editable", "-t", "--target", "--platform",
        "--python-version", "--implementation", "--abi", "--root", "--prefix", "--src", "--upgrade-strategy", "-C",
        "--config-settings", "--config-setting", "--global-option", "--no-binary", "--only-binary", "--progress-bar",
        "--root-user-action", "--report", "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--group",
        "--python", "-p", "--log", "--log-file", "--proxy", "--retries", "--timeout", "--exists-action",
        "--trusted-host", "--cert", "--client-cert", "--cache-dir", "--use-feature", "--use-deprecated",
        "--keyring-provider", "--resume-retries", "--override", "--overrides", "--build-constraint",
        "--build-constraints", "--extra", "--index", "--default-index", "--index-strategy", "-P", "--upgrade-package",
        "--reinstall-package", "--no-build-package", "--no-binary-package", "--resolution", "--prerelease",
        "--exclude-newer", "--link-mode", "--python-platform", "--torch-backend", "--directory", "--project",
        "--config-file", "--color", "--allow-insecure-host",
    ];

    public bool IsInstall => Subcommand is "install" || (Tool == "uv pip" && Subcommand is "sync");

    /// <summary>--no-cache-dir, or uv's --no-cache (-n), given before or after the subcommand.</summary>
    public bool DisablesCache => Args.Has("--no-cache-dir", "--no-cache", "-n") || GlobalArgs.Has("--no-cache-dir", "--no-cache", "-n");

    public bool NoDeps => Args.Has("--no-deps");

    /// <summary>The files the install reads its requirements and constraints from (a new list on each call).</summary>
    public List<string> RequirementFiles
    {
        get
        {
            var files = Args.Values("-r", "--requirement", "-c", "--constraint", "--constraints", "--override", "--overrides");
            if (Tool == "uv pip" && Subcommand == "sync")
            {
                files.AddRange(Args.Operands);
            }

            return files;
        }
    }

    /// <summary>What is installed from the command line: operands and editable installs.</summary>
    public IEnumerable<string> Requirements =>
        (Tool == "uv pip" && Subcommand == "sync" ? [] : Args.Operands).Concat(Args.Values("-e", "--editable"));

    /// <returns>The pip run, or null when the command is not pip.</returns>
    public static PipCommand? Read(CommandLine command)
    {
        var args = command.Args;
        IReadOnlyList<string> leading = [];
        string tool;
        if (PipProgram().IsMatch(command.Program))
        {
            tool = "pip";
        }
        else if (PythonProgram().IsMatch(command.Program) && ModuleArgs(args) is { } after)
        {
            tool = "pip";
            args = after;
        }
        else if (command.Program == "uv" && args.Count > 0 && ArgList.Read(args, Valued).Operands.FirstOrDefault() == "pip")
        {
            tool = "uv pip";
            var pip = IndexOf(args, "pip");
            leading = args.Take(pip).ToArray();
            args = args.Skip(pip + 1).ToArray();
        }
        else
        {
            return null;
        }

        var at = SubcommandIndex(args);
        return at < 0
            ? new PipCommand(tool, null, ArgList.Read(args, Valued), ArgList.Read(leading, Valued))
            : new PipCommand(tool, args[at], ArgList.Read(args, Valued, at + 1),
                ArgList.Read(at == 0 ? leading : [.. leading, .. args.Take(at)], Valued));
    }

    // The first operand, skipping options and the values of those that take one.
    private static int SubcommandIndex(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--")
            {
                return i + 1 < args.Count ? i + 1 : -1;
            }

            if (!args[i].StartsWith('-') || args[i].Length < 2)
            {
                return i;
            }

            if (Valued.Contains(args[i]))
            {
                i++;
            }
        }

        return -1;
    }

    private static int IndexOf(IReadOnlyList<string> args, string word)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == word)
            {
                return i;
            }
        }

        return -1;
    }

    // python [-u -I -B …] -m pip …: interpreter flags may come first; anything else before -m means another script.
    private static IReadOnlyList<string>? ModuleArgs(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "-m" && i + 1 < args.Count && args[i + 1] == "pip")
            {
                return args.Skip(i + 2).ToArray();
            }

            if (args[i] == "-mpip")
            {
                return args.Skip(i + 1).ToArray();
            }

            if (!args[i].StartsWith('-') || args[i] is "-c" or "-m")
            {
                return null;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^pip(\d+(\.\d+)?)?$")]
    private static partial Regex PipProgram();

    [GeneratedRegex(@"^(python|pypy)(\d+(\.\d+)?)?$")]
    private static partial Regex PythonProgram();
}
