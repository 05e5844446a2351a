using BuildFarm.Shared.Dockerfiles.Shell;
using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

internal sealed partial class StageBuilder
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFlags =
        new Dictionary<string, IReadOnlyList<string>>();

    // dispatchRun names its vertex with a lexer that keeps quotes and leaves unset variables as written.
    private readonly ShellLexer _displayLexer;

    // Heredoc bodies of COPY/ADD expand with quotes left alone and '\' as escape (SkipProcessQuotes).
    private readonly ShellLexer _bodyLexer = new('\\') { SkipProcessQuotes = true };

    private string Expand(string word, VariableScope scope, int line, List<string>? unset)
    {
        try
        {
            return _lexer.ProcessWord(word, scope, unset);
        }
        catch (ShellSyntaxException e)
        {
            Error(line, e.Message);
            return word;
        }
    }

    private List<string> ExpandWords(string word, VariableScope scope, int line, List<string>? unset)
    {
        try
        {
            return _lexer.ProcessWords(word, scope, unset);
        }
        catch (ShellSyntaxException e)
        {
            Error(line, e.Message);
            return [word];
        }
    }

    /// <summary>processCmdEnv: expansion for showing a step; when it fails BuildKit shows the text as written.</summary>
    private static string ForDisplay(ShellLexer lexer, string text, VariableScope scope, List<string>? unset)
    {
        try
        {
            return lexer.ProcessWord(text, scope, unset);
        }
        catch (ShellSyntaxException)
        {
            return text;
        }
    }

    /// <summary>dockerfile2llb uppercaseCmd: upper-cases everything before the first space.</summary>
    private static string UppercaseCommand(string text)
    {
        var space = text.IndexOf(' ');
        return space < 0 ? text.ToUpperInvariant() : text[..space].ToUpperInvariant() + text[space..];
    }

    private string ExpandedText(InstructionNode node, StageState stage, List<string> unset) =>
        UppercaseCommand(ForDisplay(_lexer, node.Original.Trim(), stage.Expansion, unset));

    private static DockerfileStep NewStep(
        StageState? stage,
        InstructionNode node,
        Dictionary<string, List<string>> flags,
        string text,
        IReadOnlyList<string> arguments,
        List<string>? unset) => new()
    {
        StartLine = node.StartLine,
        EndLine = node.EndLine,
        Keyword = node.Keyword.ToUpperInvariant(),
        Text = text,
        DisplayName = text,
        Original = node.Original.Trim(),
        Flags = flags.Count == 0 ? NoFlags : flags.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value.ToArray()),
        Arguments = arguments,
        IsJsonForm = node.IsJson,
        ArgsInScope = stage?.Args.Snapshot() ?? [],
        EnvInScope = stage?.Env.Snapshot() ?? [],
        UnsetVariables = unset is null || unset.Count == 0 ? [] : unset.Distinct().ToArray(),
    };

    /// <summary>parser.ChompHeredocContent: drop the leading tabs of every line of a &lt;&lt;- document.</summary>
    private static string Chomp(DockerfileHeredoc heredoc)
    {
        if (!heredoc.Chomp)
        {
            return heredoc.Content;
        }

        var lines = heredoc.Content.Split('\n');
        return string.Join('\n', lines.Select(l => l.TrimStart('\t')));
    }
}
