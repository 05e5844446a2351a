namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>
/// <c>$NAME</c> and the <c>${NAME…}</c> forms of lex.go processDollar, read from the cursor: it owns the variables
/// of the word being lexed, the names found unset, and how deeply substitutions nest. Operands of <c>${…}</c> are
/// words of their own, read back through the lexer.
/// </summary>
internal sealed class DollarExpansion(ShellCursor cursor, ShellLexer lexer)
{
    private const int MaxDepth = 200;

    private VariableScope _env = VariableScope.Empty;
    private List<string>? _unset;
    private int _depth;

    public void Reset(VariableScope env, List<string>? unset)
    {
        _env = env;
        _unset = unset;
        _depth = 0;
    }

    /// <summary>Expands the substitution that starts at the '$' under the cursor.</summary>
    public string Expand()
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
        cursor.Next();
        if (cursor.Peek() != '{')
        {
            // $NAME, or a lone "$" when no name follows.
            var bare = cursor.ReadName();
            if (bare.Length == 0)
            {
                return "$";
            }

            return Lookup(bare, out var value) || !lexer.SkipUnsetEnv ? value : "$" + bare;
        }

        cursor.Next();
        var first = cursor.Peek();
        if (first == ShellCursor.Eof)
        {
            throw new ShellSyntaxException("syntax error: missing '}'");
        }

        if (first is '{' or '}' or ':')
        {
            throw new ShellSyntaxException("syntax error: bad substitution");
        }

        var name = cursor.ReadName();
        var ch = cursor.Next();
        switch (ch)
        {
            case '}':
                return Lookup(name, out var plain) || !lexer.SkipUnsetEnv ? plain : "${" + name + "}";
            case ':':
                // ${NAME:-w} and friends treat an empty value as unset.
                var modifier = cursor.Next();
                return Modify(name, modifier, ":" + Describe(modifier), nullIsUnset: true);
            case '+' or '-' or '?' or '#' or '%':
                return Modify(name, ch, ((char)ch).ToString(), nullIsUnset: false);
            case '/':
                return Replace(name);
            case ShellCursor.Eof:
                throw new ShellSyntaxException("syntax error: missing '}'");
            default:
                throw new ShellSyntaxException($"unsupported modifier ({(char)ch}) in substitution");
        }
    }

    private static string Describe(int ch) => ch == ShellCursor.Eof ? "" : ((char)ch).ToString();

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
        if (lexer.SkipUnsetEnv && !set)
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
        var all = cursor.Peek() == '/';
        if (all)
        {
            cursor.Next();
        }

        var pattern = ReadUntilClosingBrace('/', true, "syntax error: missing '/' in ${}");
        var replacement = ReadUntilClosingBrace('}', true, "syntax error: missing '}'");
        if (!Lookup(name, out var value) && lexer.SkipUnsetEnv)
        {
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }

        return ShellPattern.Compile(pattern).Replace(value, replacement, all);
    }

    private string ReadUntilClosingBrace(int stop, bool rawEscapes, string missing)
    {
        try
        {
            return lexer.ReadUntil(stop, rawEscapes, null);
        }
        catch (ShellSyntaxException) when (cursor.Peek() == ShellCursor.Eof)
        {
            throw new ShellSyntaxException(missing);
        }
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
