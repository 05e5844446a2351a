using System.Text;

namespace BuildFarm.Shared.Dockerfiles.Shell;

internal sealed partial class ShellLexer
{
    private string ProcessSingleQuote()
    {
        // Everything up to the next ' is literal; a single quote cannot be escaped inside single quotes (sh(1)).
        var result = new StringBuilder();
        var ch = Next();
        if (RawQuotes)
        {
            result.Append((char)ch);
        }

        while (true)
        {
            ch = Next();
            if (ch == Eof)
            {
                throw new ShellSyntaxException("unexpected end of statement while looking for matching single-quote");
            }

            if (ch == '\'')
            {
                if (RawQuotes)
                {
                    result.Append('\'');
                }

                return result.ToString();
            }

            result.Append((char)ch);
        }
    }

    private string ProcessDoubleQuote()
    {
        // Literal except $ and the escape token, which escapes only ", $ and itself (sh(1) double quotes).
        var result = new StringBuilder();
        var ch = Next();
        if (RawQuotes)
        {
            result.Append((char)ch);
        }

        while (true)
        {
            switch (Peek())
            {
                case Eof:
                    throw new ShellSyntaxException("unexpected end of statement while looking for matching double-quote");
                case '"':
                    Next();
                    if (RawQuotes)
                    {
                        result.Append('"');
                    }

                    return result.ToString();
                case '$':
                    result.Append(ProcessDollar());
                    break;
                default:
                    ch = Next();
                    if (ch == escapeToken)
                    {
                        if (_rawEscapes)
                        {
                            result.Append((char)ch);
                        }

                        var next = Peek();
                        if (next == Eof)
                        {
                            continue;
                        }

                        if (next == '"' || next == '$' || next == escapeToken)
                        {
                            ch = Next();
                        }
                    }

                    result.Append((char)ch);
                    break;
            }
        }
    }
}
