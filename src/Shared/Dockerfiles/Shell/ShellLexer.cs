using System.Text;

namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>
/// Word processing and variable expansion as BuildKit's frontend/dockerfile/shell/lex.go does it: quotes,
/// the escape token, <c>$VAR</c> and <c>${VAR…}</c> forms, and splitting into words after expansion.
/// One instance per thread; it keeps scanning state between calls to avoid allocating per word.
/// </summary>
internal sealed partial class ShellLexer(char escapeToken)
{
    private const int Eof = -1;
    private const int MaxDepth = 200;

    private string _text = "";
    private int _pos;
    private VariableScope _env = VariableScope.Empty;
    private bool _rawEscapes;
    private List<string>? _unset;
    private int _depth;

    /// <summary>Keep quote characters in the result (lex.go RawQuotes), as heredoc detection needs.</summary>
    public bool RawQuotes { get; init; }

    /// <summary>Keep escape characters in the result (lex.go RawEscapes).</summary>
    public bool RawEscapes { get; init; }

    /// <summary>Leave references to unset variables as written (lex.go SkipUnsetEnv).</summary>
    public bool SkipUnsetEnv { get; init; }

    /// <summary>Treat quotes as ordinary characters (lex.go SkipProcessQuotes), used for heredoc bodies.</summary>
    public bool SkipProcessQuotes { get; init; }

    /// <summary>lex.go ProcessWord: the word with quotes processed and variables expanded, spaces kept.</summary>
    /// <param name="word">The word as written.</param>
    /// <param name="env">The variables in scope.</param>
    /// <param name="unset">Receives the names referred to but not set, when not null.</param>
    /// <returns>The processed word.</returns>
    /// <exception cref="ShellSyntaxException">The word is malformed; the message is BuildKit's.</exception>
    public string ProcessWord(string word, VariableScope env, List<string>? unset = null)
    {
        Start(word, env, unset);
        return Run(null);
    }

    /// <summary>ProcessWord, or null when the word is malformed.</summary>
    public string? ProcessWordOrNull(string word, VariableScope env)
    {
        try
        {
            return ProcessWord(word, env);
        }
        catch (ShellSyntaxException)
        {
            return null;
        }
    }

    /// <summary>lex.go ProcessWords: expand, then split on unquoted whitespace (spaces from variables split too).</summary>
    /// <exception cref="ShellSyntaxException">The word is malformed; the message is BuildKit's.</exception>
    public List<string> ProcessWords(string word, VariableScope env, List<string>? unset = null)
    {
        Start(word, env, unset);
        var words = new WordSplitter();
        Run(words);
        return words.Finish();
    }

    private void Start(string word, VariableScope env, List<string>? unset)
    {
        _text = word;
        _pos = 0;
        _env = env;
        _unset = unset;
        _rawEscapes = RawEscapes;
        _depth = 0;
    }

    private string Run(WordSplitter? words)
    {
        try
        {
            return ProcessStopOn(Eof, _rawEscapes, words);
        }
        catch (ShellSyntaxException e)
        {
            // lex.go wraps every failure as: failed to process "<source>": <cause>
            throw new ShellSyntaxException($"failed to process \"{_text}\": {e.Message}");
        }
    }

    private int Peek() => _pos < _text.Length ? _text[_pos] : Eof;

    private int Next() => _pos < _text.Length ? _text[_pos++] : Eof;

    private string ProcessStopOn(int stop, bool rawEscapes, WordSplitter? words)
    {
        var saved = _rawEscapes;
        _rawEscapes = rawEscapes;
        try
        {
            return ScanUntil(stop, words);
        }
        finally
        {
            _rawEscapes = saved;
        }
    }

    private string ScanUntil(int stop, WordSplitter? words)
    {
        var result = new StringBuilder();
        while (Peek() != Eof)
        {
            var ch = Peek();
            if (stop != Eof && ch == stop)
            {
                Next();
                return result.ToString();
            }

            if (ch == '$')
            {
                var value = ProcessDollar();
                result.Append(value);
                words?.AddExpanded(value);
                continue;
            }

            if (!SkipProcessQuotes && (ch == '\'' || ch == '"'))
            {
                var quoted = ch == '\'' ? ProcessSingleQuote() : ProcessDoubleQuote();
                result.Append(quoted);
                words?.AddLiteral(quoted);
                continue;
            }

            ch = Next();
            if (ch == escapeToken)
            {
                if (_rawEscapes)
                {
                    words?.AddLiteral(ch);
                    result.Append((char)ch);
                }

                // The escape token escapes the next character; at the very end it is dropped.
                ch = Next();
                if (ch == Eof)
                {
                    break;
                }

                words?.AddLiteral(ch);
            }
            else
            {
                words?.AddCharacter(ch);
            }

            result.Append((char)ch);
        }

        if (stop != Eof)
        {
            throw new ShellSyntaxException($"unexpected end of statement while looking for matching {(char)stop}");
        }

        return result.ToString();
    }
}
