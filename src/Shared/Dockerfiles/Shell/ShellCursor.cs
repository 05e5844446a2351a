namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>
/// The word being lexed and the position in it, with the escape token and whether escapes are kept in the result
/// right now (lex.go's shellWord: ${…} operands switch raw escapes on for patterns, then back).
/// </summary>
internal sealed class ShellCursor(char escapeToken)
{
    public const int Eof = -1;

    private string _text = "";
    private int _position;

    public char EscapeToken => escapeToken;

    public string Text => _text;

    public bool RawEscapes { get; set; }

    public void Reset(string text, bool rawEscapes)
    {
        _text = text;
        _position = 0;
        RawEscapes = rawEscapes;
    }

    public int Peek() => _position < _text.Length ? _text[_position] : Eof;

    public int Next() => _position < _text.Length ? _text[_position++] : Eof;

    /// <summary>
    /// Reads a parameter name: letters, digits and '_'; a leading digit takes only digits ($10); one special
    /// parameter character ($@ $* $# $? $- $$ $! $0) is a name on its own. Empty when no name follows.
    /// </summary>
    public string ReadName()
    {
        var start = _position;
        var first = Peek();
        if (first == Eof)
        {
            return "";
        }

        if (char.IsDigit((char)first))
        {
            while (Peek() != Eof && char.IsDigit((char)Peek()))
            {
                Next();
            }

            return _text[start.._position];
        }

        if (first is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0')
        {
            Next();
            return _text[start.._position];
        }

        while (Peek() is var ch && ch != Eof && (char.IsLetterOrDigit((char)ch) || ch == '_'))
        {
            Next();
        }

        return _text[start.._position];
    }
}
