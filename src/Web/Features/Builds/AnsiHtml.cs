using System.Globalization;
using System.Text;

namespace BuildFarm.Web.Features.Builds;

/// <summary>
/// Turns terminal output into HTML: every character of the text is HTML-encoded, SGR colours and styles become spans
/// with <c>ansi-*</c> classes (or a colour the renderer computes itself, for 256-colour and RGB codes), and every
/// other escape sequence is dropped. The style carries over from one call to the next, as it does on a terminal, so a
/// log can be rendered batch by batch.
/// </summary>
public sealed class AnsiHtml
{
    static readonly string[] Names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];

    SgrStyle _style = SgrStyle.Plain;

    public string Render(string text)
    {
        var html = new StringBuilder(text.Length + 32);
        var run = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\u001b')
            {
                Flush(html, run);
                i = Escape(text, i);
                continue;
            }
            // Tabs and newlines are layout; other control characters (bells, backspaces) would only show as boxes.
            if (c >= ' ' || c is '\n' or '\t')
                run.Append(c);
            i++;
        }
        Flush(html, run);
        return html.ToString();
    }

    /// <summary>Applies the sequence at <paramref name="start"/> and returns where the text resumes.</summary>
    int Escape(string text, int start)
    {
        if (start + 1 >= text.Length)
            return text.Length;
        var kind = text[start + 1];
        if (kind == '[')
        {
            var end = start + 2;
            // Parameter and intermediate bytes, then one final byte (0x40-0x7E).
            while (end < text.Length && text[end] is >= '\u0020' and <= '\u003f')
                end++;
            if (end >= text.Length)
                return text.Length;
            if (text[end] == 'm')
                _style = _style.Apply(Parameters(text[(start + 2)..end]));
            return end + 1;
        }
        if (kind == ']')
        {
            // Operating system commands (window titles, hyperlinks) end with BEL or ESC \.
            var bel = text.IndexOf('\u0007', start + 2);
            var st = text.IndexOf("\u001b\\", start + 2, StringComparison.Ordinal);
            var end = bel < 0 ? st : st < 0 ? bel : Math.Min(bel, st);
            return end < 0 ? text.Length : end + (end == st ? 2 : 1);
        }
        // Other escapes (charset choices like ESC ( B): intermediate bytes, then one final byte.
        var final = start + 1;
        while (final < text.Length && text[final] is >= ' ' and <= '/')
            final++;
        return Math.Min(final + 1, text.Length);
    }

    static List<int> Parameters(string raw) =>
        raw.Length == 0 ? [0] : raw.Split(';', ':').Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToList();

    void Flush(StringBuilder html, StringBuilder run)
    {
        if (run.Length == 0)
            return;
        var (classes, style) = Describe(_style);
        if (classes.Length == 0 && style.Length == 0)
        {
            Encode(html, run);
        }
        else
        {
            html.Append("<span");
            if (classes.Length > 0)
                html.Append(" class=\"").Append(classes).Append('"');
            if (style.Length > 0)
                html.Append(" style=\"").Append(style).Append('"');
            html.Append('>');
            Encode(html, run);
            html.Append("</span>");
        }
        run.Clear();
    }

    static (string Classes, string Style) Describe(SgrStyle s)
    {
        var classes = new List<string>();
        var style = new StringBuilder();
        Colour(s.Foreground, "fg", "color", classes, style);
        Colour(s.Background, "bg", "background-color", classes, style);
        if (s.Bold) classes.Add("ansi-bold");
        if (s.Dim) classes.Add("ansi-dim");
        if (s.Italic) classes.Add("ansi-italic");
        if (s.Underline) classes.Add("ansi-underline");
        return (string.Join(' ', classes), style.ToString());
    }

    static void Colour(SgrColour? colour, string layer, string property, List<string> classes, StringBuilder style)
    {
        switch (colour)
        {
            case { Palette: { } n } when n < 16:
                classes.Add($"ansi-{layer}-{(n >= 8 ? "bright-" : "")}{Names[n % 8]}");
                break;
            case { } c:
                var (r, g, b) = c.Rgb();
                style.Append(CultureInfo.InvariantCulture, $"{property}:#{r:x2}{g:x2}{b:x2};");
                break;
        }
    }

    static void Encode(StringBuilder html, StringBuilder run)
    {
        foreach (var chunk in run.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                _ = c switch
                {
                    '&' => html.Append("&amp;"),
                    '<' => html.Append("&lt;"),
                    '>' => html.Append("&gt;"),
                    '"' => html.Append("&quot;"),
                    '\'' => html.Append("&#39;"),
                    _ => html.Append(c),
                };
            }
        }
    }
}
