using BuildFarm.Shared.Lint.Shell;

namespace BuildFarm.Shared.Lint.Commands;

/// <summary>
/// A command as the program it runs sees it: wrappers that only run another program (<c>sudo</c>, <c>env</c>,
/// <c>xargs</c>, <c>nice</c>, <c>timeout</c>, a leading <c>NAME=value</c>, shell keywords such as <c>if</c>) are
/// taken off, and the program is named without its folder (<c>/usr/bin/pip3</c> is <c>pip3</c>).
/// The tools the rules know are read once here, since every rule asks about them.
/// </summary>
internal sealed class CommandLine
{
    private static readonly HashSet<string> Keywords =
        ["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "exec", "command", "builtin", "nohup"];

    // Wrappers and their options that take a value as the next word.
    private static readonly Dictionary<string, HashSet<string>> Wrappers = new()
    {
        ["sudo"] = ["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "--user", "--group", "--chdir", "--prompt"],
        ["env"] = ["-u", "-C", "-S", "--unset", "--chdir", "--split-string"],
        ["xargs"] = ["-n", "-I", "-a", "-d", "-P", "-L", "-s", "-E", "--max-args", "--arg-file", "--delimiter", "--max-procs"],
        ["nice"] = ["-n", "--adjustment"],
        ["timeout"] = ["-s", "-k", "--signal", "--kill-after"],
        ["stdbuf"] = ["-i", "-o", "-e"],
        ["ionice"] = ["-c", "-n", "-p"],
    };

    private CommandLine(string program, IReadOnlyList<string> args, ShellCommand source)
    {
        Program = program;
        Args = args;
        Source = source;
        Pip = PipCommand.Read(this);
        Apt = AptCommand.Read(this);
        Conda = CondaCommand.Read(this);
        Git = GitCommand.Read(this);
        Install = DependencyInstall.Read(this);
    }

    /// <summary>The program's file name.</summary>
    public string Program { get; }

    public IReadOnlyList<string> Args { get; }

    /// <summary>The shell command it came from (pipes, substitutions, here-documents).</summary>
    public ShellCommand Source { get; }

    public PipCommand? Pip { get; }

    public AptCommand? Apt { get; }

    public CondaCommand? Conda { get; }

    public GitCommand? Git { get; }

    /// <summary>What it installs, when it is a dependency install.</summary>
    public DependencyInstall? Install { get; }

    /// <summary>The words joined, as a message quotes the command.</summary>
    public string Text => string.Join(' ', Args.Prepend(Program));

    /// <returns>The command, or null when it runs no program (only assignments, a keyword or a bare redirection).</returns>
    public static CommandLine? From(ShellCommand command)
    {
        var words = command.Words;
        var i = 0;
        while (i < words.Count)
        {
            var word = words[i];
            if (Keywords.Contains(word) || IsAssignment(word))
            {
                i++;
                continue;
            }

            if (!Wrappers.TryGetValue(FileName(word), out var valued))
            {
                break;
            }

            i++;
            // timeout's first operand is the duration, not the program.
            var durationPending = FileName(word) == "timeout";
            while (i < words.Count && (words[i].StartsWith('-') || IsAssignment(words[i]) || durationPending))
            {
                if (!words[i].StartsWith('-') && !IsAssignment(words[i]))
                {
                    durationPending = false;
                }

                i += valued.Contains(words[i]) ? 2 : 1;
            }
        }

        return i < words.Count ? new CommandLine(FileName(words[i]), words.Skip(i + 1).ToArray(), command) : null;
    }

    public static string FileName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    private static bool IsAssignment(string word)
    {
        var eq = word.IndexOf('=');
        if (eq <= 0 || !(char.IsAsciiLetter(word[0]) || word[0] == '_'))
        {
            return false;
        }

        for (var i = 1; i < eq; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(word[i]) || word[i] == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
