using BuildFarm.Shared.Dockerfiles.Shell;
using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// Variable expansion as dockerfile2llb applies it to a step: a malformed word becomes an error on the step's
/// line and is kept as written, so one bad word never stops the rest of the file from being read.
/// </summary>
internal sealed class StepExpansion(char escape, List<DockerfileError> errors)
{
    private static readonly VariableScope Nothing = new();

    private readonly ShellLexer _lexer = new(escape);

    // dispatchRun names its vertex with a lexer that keeps quotes and leaves unset variables as written.
    private readonly ShellLexer _displayLexer = new(escape) { RawQuotes = true, SkipUnsetEnv = true };

    // Heredoc bodies of COPY/ADD expand with quotes left alone and '\' as escape (SkipProcessQuotes).
    private readonly ShellLexer _bodyLexer = new('\\') { SkipProcessQuotes = true };

    public string Expand(string word, VariableScope scope, int line, List<string>? unset)
    {
        try
        {
            return _lexer.ProcessWord(word, scope, unset);
        }
        catch (ShellSyntaxException e)
        {
            errors.Add(new(line, e.Message));
            return word;
        }
    }

    public List<string> ExpandWords(string word, VariableScope scope, int line, List<string>? unset)
    {
        try
        {
            return _lexer.ProcessWords(word, scope, unset);
        }
        catch (ShellSyntaxException e)
        {
            errors.Add(new(line, e.Message));
            return [word];
        }
    }

    /// <summary>A COPY/ADD heredoc body, expanded as a whole with its quotes kept.</summary>
    public string ExpandBody(string content, StageState stage, int line, List<string> unset)
    {
        try
        {
            return _bodyLexer.ProcessWord(content, stage.Expansion, unset);
        }
        catch (ShellSyntaxException e)
        {
            errors.Add(new(line, e.Message));
            return content;
        }
    }

    /// <summary>The instruction's text with its variables expanded, as the step is shown.</summary>
    public string ExpandedText(InstructionNode node, StageState stage, List<string> unset) =>
        StepText.UppercaseCommand(ForDisplay(_lexer, node.Original.Trim(), stage.Expansion, unset));

    /// <summary>RUN's vertex name: set variables substituted, quotes and unset variables left as written.</summary>
    public string RunDisplayName(string shown, StageState stage) =>
        StepText.UppercaseCommand(ForDisplay(_displayLexer, shown, stage.Expansion, null));

    /// <summary>Whether the value holds anything expansion would touch (a variable, a quote, an escape).</summary>
    public bool IsExpandable(string value) => _lexer.ProcessWordOrNull(value, Nothing) != value;

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
}
