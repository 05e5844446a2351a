using System.Text;

namespace BuildFarm.Shared.Lint.Shell;

/// <summary>The quoting rules of sh(1) that the command reader needs: quoted strings and balanced substitutions.</summary>
internal static class ShellText
{
    /// <summary>Reads from the opening quote at <paramref name="pos"/> to its match; an unclosed quote runs to the end.</summary>
    public static string Single(string text, ref int pos)
    {
        var end = text.IndexOf('\'', pos + 1);
        var value = end < 0 ? text[(pos + 1)..] : text[(pos + 1)..end];
        pos = end < 0 ? text.Length : end + 1;
        return value;
    }

    /// <summary>
    /// The text between <c>(</c> and its matching <c>)</c>, with <paramref name="pos"/> just after the opening one;
    /// quotes and escapes inside are skipped over. Unbalanced text runs to the end.
    /// </summary>
    public static string Balanced(string text, ref int pos, char open = '(', char close = ')')
    {
        var start = pos;
        var depth = 1;
        while (pos < text.Length)
        {
            var c = text[pos];
            if (c == '\\')
            {
                pos += 2;
                continue;
            }

            if (c == '\'')
            {
                Single(text, ref pos);
                continue;
            }

            if (c == '"')
            {
                SkipDouble(text, ref pos);
                continue;
            }

            pos++;
            if (c == open)
            {
                depth++;
            }
            else if (c == close && --depth == 0)
            {
                return text[start..(pos - 1)];
            }
        }

        pos = text.Length;
        return text[start..];
    }

    /// <summary>The text up to the next unescaped backquote, with <paramref name="pos"/> just after the opening one.</summary>
    public static string Backquoted(string text, ref int pos)
    {
        var inner = new StringBuilder();
        while (pos < text.Length && text[pos] != '`')
        {
            if (text[pos] == '\\' && pos + 1 < text.Length)
            {
                pos++;
            }

            inner.Append(text[pos++]);
        }

        pos = Math.Min(pos + 1, text.Length);
        return inner.ToString();
    }

    private static void SkipDouble(string text, ref int pos)
    {
        pos++;
        while (pos < text.Length && text[pos] != '"')
        {
            pos += text[pos] == '\\' ? 2 : 1;
        }

        pos = Math.Min(pos + 1, text.Length);
    }
}
