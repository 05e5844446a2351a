namespace BuildFarm.Shared.Lint.Shell;

/// <summary>
/// Reads a shell script into its simple commands, as far as the lint needs: lists and pipelines (<c>&amp;&amp;</c>,
/// <c>||</c>, <c>;</c>, <c>|</c>, <c>&amp;</c>, newlines, subshells), quotes, escapes, comments, redirections (dropped
/// with their targets), here-documents (given to the command that reads them) and command substitutions (read as
/// scripts of their own). Anything it does not understand is kept as words; it never fails.
/// </summary>
internal sealed class ShellScript
{
    // Nesting deeper than this is kept as text: no real RUN line nests substitutions so deep, and each level costs stack.
    private const int MaxDepth = 8;

    private readonly string _text;
    private readonly int _depth;
    private readonly CommandBuilder _out = new();
    private int _pos;

    private ShellScript(string text, int depth)
    {
        _text = text;
        _depth = depth;
    }

    /// <summary>The top-level commands of the script in order; substitutions hang off the command that holds them.</summary>
    public static List<ShellCommand> Parse(string text) => Parse(text, 0);

    private static List<ShellCommand> Parse(string text, int depth)
    {
        var script = new ShellScript(text, depth);
        script.Read();
        return script._out.Commands;
    }

    private void Read()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            var next = _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';
            switch (c)
            {
                case '\\':
                    if (next != '\n' && next != '\0')
                    {
                        _out.Append(next);
                    }

                    _pos += 2;
                    break;
                case '\'':
                    _out.Append(ShellText.Single(_text, ref _pos));
                    break;
                case '"':
                    Double();
                    break;
                case '`':
                    _pos++;
                    Substitute("`", ShellText.Backquoted(_text, ref _pos), "`");
                    break;
                case '$':
                    Dollar(next);
                    break;
                case ' ' or '\t' or '\r':
                    _out.EndWord();
                    _pos++;
                    break;
                case '\n':
                    _out.EndCommand(pipe: false);
                    _pos++;
                    _out.ReadDocuments(_text, ref _pos);
                    break;
                case '#' when !_out.InWord:
                    var newline = _text.IndexOf('\n', _pos);
                    _pos = newline < 0 ? _text.Length : newline;
                    break;
                case '&' when next == '>':
                    _pos += _pos + 2 < _text.Length && _text[_pos + 2] == '>' ? 3 : 2;
                    _out.StartRedirect(Redirect.Target);
                    break;
                case ';' or '&' or '(' or ')':
                    _pos += next == c && c is ';' or '&' ? 2 : 1;
                    _out.EndCommand(pipe: false);
                    break;
                case '|':
                    _pos += next is '|' or '&' ? 2 : 1;
                    _out.EndCommand(pipe: next != '|');
                    break;
                case '<' or '>' when next == '(':
                    _pos += 2;
                    Substitute(c + "(", ShellText.Balanced(_text, ref _pos), ")");
                    break;
                case '<' or '>':
                    RedirectOperator(c, next);
                    break;
                default:
                    _out.Append(c);
                    _pos++;
                    break;
            }
        }

        _out.EndCommand(pipe: false);
    }

    private void Double()
    {
        _pos++;
        _out.StartWord();
        while (_pos < _text.Length && _text[_pos] != '"')
        {
            var c = _text[_pos];
            var next = _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';
            if (c == '\\' && next is '"' or '$' or '`' or '\\' or '\n')
            {
                if (next != '\n')
                {
                    _out.Append(next);
                }

                _pos += 2;
            }
            else if (c == '$')
            {
                Dollar(next);
            }
            else if (c == '`')
            {
                _pos++;
                Substitute("`", ShellText.Backquoted(_text, ref _pos), "`");
            }
            else
            {
                _out.Append(c);
                _pos++;
            }
        }

        _pos = Math.Min(_pos + 1, _text.Length);
    }

    private void Dollar(char next)
    {
        if (next == '(' && _pos + 2 < _text.Length && _text[_pos + 2] == '(')
        {
            _pos += 3;
            _out.Append("$((" + ShellText.Balanced(_text, ref _pos) + ")");
        }
        else if (next == '(')
        {
            _pos += 2;
            Substitute("$(", ShellText.Balanced(_text, ref _pos), ")");
        }
        else if (next == '{')
        {
            _pos += 2;
            _out.Append("${" + ShellText.Balanced(_text, ref _pos, '{', '}') + "}");
        }
        else
        {
            _out.Append('$');
            _pos++;
        }
    }

    private void Substitute(string open, string inner, string close)
    {
        _out.Append(open + inner + close);
        if (_depth < MaxDepth)
        {
            _out.Current.AddSubstituted(Parse(inner, _depth + 1));
        }
    }

    private void RedirectOperator(char c, char next)
    {
        _out.DropDescriptor();
        var rest = _text.AsSpan(_pos);
        if (rest.StartsWith("<<<"))
        {
            _pos += 3;
            _out.StartRedirect(Redirect.Target);
        }
        else if (rest.StartsWith("<<"))
        {
            var strip = rest.StartsWith("<<-");
            _pos += strip ? 3 : 2;
            _out.StartRedirect(strip ? Redirect.TabStrippedDocument : Redirect.Document);
        }
        else
        {
            _pos += next is '>' or '&' or '|' || (c == '<' && next == '>') ? 2 : 1;
            _out.StartRedirect(Redirect.Target);
        }
    }
}
