namespace BuildFarm.Shared.Dockerfiles.Shell;

internal sealed partial class ShellLexer
{
    private string ProcessDollar()
    {
        // Go grows its stack for ${a:-${a:-…}} nested thousands deep; .NET would overflow and kill the process.
        if (++_depth > MaxDepth)
        {
            throw new ShellSyntaxException("substitution nested too deeply");
        }

        try
        {
            return Dollar();
        }
        finally
        {
            _depth--;
        }
    }

    private string Dollar()
    {
        Next();
        if (Peek() != '{')
        {
            // $NAME, or a lone "$" when no name follows.
            var bare = ProcessName();
            if (bare.Length == 0)
            {
                return "$";
            }

            return Lookup(bare, out var value) || !SkipUnsetEnv ? value : "$" + bare;
        }

        Next();
        var first = Peek();
        if (first == Eof)
        {
            throw new ShellSyntaxException("syntax error: missing '}'");
        }

        if (first is '{' or '}' or ':')
        {
            throw new ShellSyntaxException("syntax error: bad substitution");
        }

        var name = ProcessName();
        var ch = Next();
        switch (ch)
        {
            case '}':
                return Lookup(name, out var plain) || !SkipUnsetEnv ? plain : "${" + name + "}";
            case ':':
                // ${NAME:-w} and friends treat an empty value as unset.
                var modifier = Next();
                return Modify(name, modifier, ":" + Describe(modifier), nullIsUnset: true);
            case '+' or '-' or '?' or '#' or '%':
                return Modify(name, ch, ((char)ch).ToString(), nullIsUnset: false);
            case '/':
                return Replace(name);
            case Eof:
                throw new ShellSyntaxException("syntax error: missing '}'");
            default:
                throw new ShellSyntaxException($"unsupported modifier ({(char)ch}) in substitution");
        }
    }

    private static string Describe(int ch) => ch == Eof ? "" : ((char)ch).ToString();

    private string Modify(string name, int modifier, string written, bool nullIsUnset)
    {
        // # and % take a pattern, whose escapes must reach the pattern matcher untouched.
        var isPattern = modifier is '#' or '%';
        if (nullIsUnset && isPattern)
        {
            throw new ShellSyntaxException($"unsupported modifier ({written}) in substitution");
        }

        var word = ReadUntilClosingBrace('}', isPattern, "syntax error: missing '}'");
        var set = Lookup(name, out var value);
        if (SkipUnsetEnv && !set)
        {
            return "${" + name + written + word + "}";
        }

        var empty = !set || (nullIsUnset && value.Length == 0);
        switch (modifier)
        {
            case '-':
                return empty ? word : value;
            case '+':
                return empty ? "" : word;
            case '?':
                if (!set)
                {
                    throw new ShellSyntaxException($"{name}: {(word.Length > 0 ? word : "is not allowed to be unset")}");
                }

                if (empty)
                {
                    throw new ShellSyntaxException($"{name}: {(word.Length > 0 ? word : "is not allowed to be empty")}");
                }

                return value;
            case '#' or '%':
                // "#"/"%" remove the shortest match, "##"/"%%" the longest.
                var longest = word.Length > 0 && word[0] == modifier;
                var pattern = ShellPattern.Compile(longest ? word[1..] : word);
                return modifier == '#' ? pattern.TrimPrefix(value, longest) : pattern.TrimSuffix(value, longest);
            default:
                throw new ShellSyntaxException($"unsupported modifier ({written}) in substitution");
        }
    }

    private string Replace(string name)
    {
        // ${NAME/pattern/replacement} replaces the first match, ${NAME//pattern/replacement} every match.
        var all = Peek() == '/';
        if (all)
        {
            Next();
        }

        var pattern = ReadUntilClosingBrace('/', true, "syntax error: missing '/' in ${}");
        var replacement = ReadUntilClosingBrace('}', true, "syntax error: missing '}'");
        if (!Lookup(name, out var value) && SkipUnsetEnv)
        {
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }

        return ShellPattern.Compile(pattern).Replace(value, replacement, all);
    }

    private string ReadUntilClosingBrace(int stop, bool rawEscapes, string missing)
    {
        try
        {
            return ProcessStopOn(stop, rawEscapes, null);
        }
        catch (ShellSyntaxException) when (Peek() == Eof)
        {
            throw new ShellSyntaxException(missing);
        }
    }

    private string ProcessName()
    {
        // A name is letters, digits and '_'; a leading digit takes only digits ($10); one special parameter
        // character ($@ $* $# $? $- $$ $! $0) is a name on its own.
        var start = _pos;
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

            return _text[start.._pos];
        }

        if (first is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0')
        {
            Next();
            return _text[start.._pos];
        }

        while (Peek() is var ch && ch != Eof && (char.IsLetterOrDigit((char)ch) || ch == '_'))
        {
            Next();
        }

        return _text[start.._pos];
    }

    private bool Lookup(string name, out string value)
    {
        if (_env.TryGet(name, out value))
        {
            return true;
        }

        _unset?.Add(name);

        return false;
    }
}
