using System.Text;

namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>Quoted text as sh(1) reads it, from the opening quote under the cursor to its match.</summary>
internal static class ShellQuotes
{
    /// <summary>Everything up to the next ' is literal; a single quote cannot be escaped inside single quotes.</summary>
    public static string Single(ShellCursor cursor, bool rawQuotes)
    {
        var result = new StringBuilder();
        var ch = cursor.Next();
        if (rawQuotes)
        {
            result.Append((char)ch);
        }

        while (true)
        {
            ch = cursor.Next();
            if (ch == ShellCursor.Eof)
            {
                throw new ShellSyntaxException("unexpected end of statement while looking for matching single-quote");
            }

            if (ch == '\'')
            {
                if (rawQuotes)
                {
                    result.Append('\'');
                }

                return result.ToString();
            }

            result.Append((char)ch);
        }
    }

    /// <summary>Literal except $ and the escape token, which escapes only ", $ and itself.</summary>
    public static string Double(ShellCursor cursor, DollarExpansion dollar, bool rawQuotes)
    {
        var result = new StringBuilder();
        var ch = cursor.Next();
        if (rawQuotes)
        {
            result.Append((char)ch);
        }

        while (true)
        {
            switch (cursor.Peek())
            {
                case ShellCursor.Eof:
                    throw new ShellSyntaxException("unexpected end of statement while looking for matching double-quote");
                case '"':
                    cursor.Next();
                    if (rawQuotes)
                    {
                        result.Append('"');
                    }

                    return result.ToString();
                case '$':
                    result.Append(dollar.Expand());
                    break;
                default:
                    ch = cursor.Next();
                    if (ch == cursor.EscapeToken)
                    {
                        if (cursor.RawEscapes)
                        {
                            result.Append((char)ch);
                        }

                        var next = cursor.Peek();
                        if (next == ShellCursor.Eof)
                        {
                            continue;
                        }

                        if (next == '"' || next == '$' || next == cursor.EscapeToken)
                        {
                            ch = cursor.Next();
                        }
                    }

                    result.Append((char)ch);
                    break;
            }
        }
    }
}
