using System.Text;
using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Lint.Shell;

namespace BuildFarm.Shared.Lint.Commands;

/// <summary>
/// What a RUN step executes, read once per step for every rule: the shell form's script with its here-documents,
/// the exec form's argv (or the script of <c>["sh", "-c", "…"]</c>), and the scripts a command hands to a shell
/// (<c>bash &lt;&lt;EOF</c>, a bare <c>RUN &lt;&lt;EOF</c>) or runs in a substitution.
/// </summary>
internal sealed class RunScript
{
    // Scripts handed to shells inside scripts: deeper than this is not read (a fuzzer's nesting, never a real file's).
    private const int MaxNesting = 4;

    private static readonly HashSet<string> Shells = ["sh", "bash", "dash", "zsh", "ash", "ksh"];

    private RunScript(List<List<CommandLine>> sequences) => Sequences = sequences;

    public static RunScript Empty { get; } = new([]);

    /// <summary>Each script level's commands in order (the top level first): pipelines run within one sequence.</summary>
    public IReadOnlyList<IReadOnlyList<CommandLine>> Sequences { get; }

    public IEnumerable<CommandLine> Commands => Sequences.SelectMany(s => s);

    public static RunScript Of(DockerfileStep step)
    {
        var sequences = new List<List<CommandLine>>();
        if (step.IsJsonForm)
        {
            var argv = step.Arguments;
            var script = argv.Count > 0 && Shells.Contains(CommandLine.FileName(argv[0])) ? ScriptAfterDashC(argv) : null;
            if (script is not null)
            {
                Add(sequences, ShellScript.Parse(script), 0);
            }
            else
            {
                var command = new ShellCommand();
                command.Words.AddRange(argv);
                Add(sequences, [command], 0);
            }
        }
        else if (step.Arguments.Count > 0)
        {
            Add(sequences, ShellScript.Parse(WithDocuments(step)), 0);
        }

        return new RunScript(sequences);
    }

    // BuildKit hands the shell the RUN line followed by each here-document's body and delimiter, as a script.
    private static string WithDocuments(DockerfileStep step)
    {
        if (step.Heredocs.Count == 0)
        {
            return step.Arguments[0];
        }

        var text = new StringBuilder(step.Arguments[0]).Append('\n');
        foreach (var heredoc in step.Heredocs)
        {
            text.Append(heredoc.Content);
            if (heredoc.Content.Length > 0 && !heredoc.Content.EndsWith('\n'))
            {
                text.Append('\n');
            }

            text.Append(heredoc.Name).Append('\n');
        }

        return text.ToString();
    }

    private static string? ScriptAfterDashC(IReadOnlyList<string> argv)
    {
        for (var i = 1; i < argv.Count - 1; i++)
        {
            if (argv[i].StartsWith('-') && !argv[i].StartsWith("--") && argv[i].Contains('c'))
            {
                return argv[i + 1];
            }
        }

        return null;
    }

    private static void Add(List<List<CommandLine>> sequences, IReadOnlyList<ShellCommand> commands, int nesting)
    {
        var sequence = new List<CommandLine>();
        sequences.Add(sequence);
        foreach (var command in commands)
        {
            var line = CommandLine.From(command);
            if (line is not null)
            {
                sequence.Add(line);
            }

            if (nesting >= MaxNesting)
            {
                continue;
            }

            if (command.Substituted.Count > 0)
            {
                Add(sequences, command.Substituted, nesting + 1);
            }

            foreach (var document in command.Documents.Where(_ => RunsDocumentAsScript(line)))
            {
                if (!StartsWithForeignShebang(document))
                {
                    Add(sequences, ShellScript.Parse(document), nesting + 1);
                }
            }
        }
    }

    // A bare "<<EOF" is BuildKit's way of running the document as the script; "bash <<EOF" feeds it to a shell.
    private static bool RunsDocumentAsScript(CommandLine? line) =>
        line is null || (Shells.Contains(line.Program) && !line.Args.Any(a => a.StartsWith('-') && a.Contains('c')));

    // BuildKit runs a here-document that starts with "#!" with that interpreter: python's is no shell script.
    private static bool StartsWithForeignShebang(string document)
    {
        if (!document.StartsWith("#!"))
        {
            return false;
        }

        var end = document.IndexOf('\n');
        var words = document[2..(end < 0 ? document.Length : end)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var program = words.Length == 0 ? "" : CommandLine.FileName(words[0]);
        if (program == "env" && words.Length > 1)
        {
            program = words[^1];
        }

        return !Shells.Contains(program);
    }
}
