using System.Text;

namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>
/// Word processing and variable expansion as BuildKit's frontend/dockerfile/shell/lex.go does it: quotes,
/// the escape token, <c>$VAR</c> and <c>${VAR…}</c> forms, and splitting into words after expansion.
/// One instance per thread; it keeps scanning state between calls to avoid allocating per word.
/// </summary>
internal sealed class ShellLexer
{
    private readonly ShellCursor _cursor;
    private readonly DollarExpansion _dollar;

    public ShellLexer(char escapeToken)
    {
        _cursor = new ShellCursor(escapeToken);
        _dollar = new DollarExpansion(_cursor, this);
    }

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

    /// <summary>Reads up to the unescaped <paramref name="stop"/> (past it), or to the end when stop is Eof.</summary>
    /// <exception cref="ShellSyntaxException">The stop character never comes, or what comes before it is malformed.</exception>
    public string ReadUntil(int stop, bool rawEscapes, WordSplitter? words)
    {
        var saved = _cursor.RawEscapes;
        _cursor.RawEscapes = rawEscapes;
        try
        {
            return ScanUntil(stop, words);
        }
        finally
        {
            _cursor.RawEscapes = saved;
        }
    }

    private void Start(string word, VariableScope env, List<string>? unset)
    {
        _cursor.Reset(word, RawEscapes);
        _dollar.Reset(env, unset);
    }

    private string Run(WordSplitter? words)
    {
        try
        {
            return ReadUntil(ShellCursor.Eof, _cursor.RawEscapes, words);
        }
        catch (ShellSyntaxException e)
        {
            // lex.go wraps every failure as: failed to process "<source>": <cause>
            throw new ShellSyntaxException($"failed to process \"{_cursor.Text}\": {e.Message}");
        }
    }

    private string ScanUntil(int stop, WordSplitter? words)
    {
        var result = new StringBuilder();
        while (_cursor.Peek() != ShellCursor.Eof)
        {
            var ch = _cursor.Peek();
            if (stop != ShellCursor.Eof && ch == stop)
            {
                _cursor.Next();
                return result.ToString();
            }

            if (ch == '$')
            {
                var value = _dollar.Expand();
                result.Append(value);
                words?.AddExpanded(value);
                continue;
            }

            if (!SkipProcessQuotes && (ch == '\'' || ch == '"'))
            {
                var quoted = ch == '\'' ? ShellQuotes.Single(_cursor, RawQuotes) : ShellQuotes.Double(_cursor, _dollar, RawQuotes);
                result.Append(quoted);
                words?.AddLiteral(quoted);
                continue;
            }

            ch = _cursor.Next();
            if (ch == _cursor.EscapeToken)
            {
                if (_cursor.RawEscapes)
                {
                    words?.AddLiteral(ch);
                    result.Append((char)ch);
                }

                // The escape token escapes the next character; at the very end it is dropped.
                ch = _cursor.Next();
                if (ch == ShellCursor.Eof)
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

        if (stop != ShellCursor.Eof)
        {
            throw new ShellSyntaxException($"unexpected end of statement while looking for matching {(char)stop}");
        }

        return result.ToString();
    }
}
