using System.Text;
using System.Text.Json;

namespace BuildFarm.Shared.Dockerfiles.Syntax;

/// <summary>The line parsers of buildkit parser/line_parsers.go that split an instruction's arguments.</summary>
internal static class ArgumentParsers
{
    public const string NotStringArray = "when using JSON array syntax, arrays must be comprised of strings only";

    /// <summary>parseStringsWhitespaceDelimited: split on runs of [\t\v\f\r ], nothing else.</summary>
    public static List<string> SplitWhitespace(string rest)
    {
        var parts = new List<string>();
        if (rest.Length == 0)
        {
            return parts;
        }

        var start = 0;
        for (var i = 0; i <= rest.Length; i++)
        {
            if (i < rest.Length && !IsDelimiter(rest[i]))
            {
                continue;
            }

            parts.Add(rest[start..i]);
            while (i + 1 < rest.Length && IsDelimiter(rest[i + 1]))
            {
                i++;
            }

            start = i + 1;
        }

        return parts;
    }

    /// <summary>
    /// parseJSON: the text is exec form when it starts with '[' and its first JSON value is an array; anything
    /// after that value is ignored, as Go's json.Decoder reads one value. Invalid JSON falls back to shell form,
    /// but a valid array holding a non-string is an error.
    /// </summary>
    /// <returns>The strings, or null when the text is not a JSON array.</returns>
    public static List<string>? TryParseJson(string rest, out string? error)
    {
        error = null;
        var text = rest.AsSpan().TrimStart();
        if (text.IsEmpty || text[0] != '[')
        {
            return null;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text.ToString()), new JsonReaderOptions { MaxDepth = 10_000 });
        var items = new List<string>();
        var nonString = false;
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    items.Add(reader.GetString()!);
                    continue;
                }

                nonString = true;
                reader.Skip();
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        if (nonString)
        {
            error = NotStringArray;
            return null;
        }

        return items;
    }

    /// <summary>
    /// parseWords: words separated by whitespace, quotes kept in the word (they are removed later by the shell
    /// lexer), the escape token kept with the character it escapes, except single quotes which escape nothing.
    /// </summary>
    public static List<string> ParseWords(string rest, char escape)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var keepBlank = false;
        char quote = '\0';
        for (var pos = 0; pos < rest.Length; pos++)
        {
            var ch = rest[pos];
            if (!inWord)
            {
                if (char.IsWhiteSpace(ch))
                {
                    continue;
                }

                inWord = true;
            }

            if (quote == '\0')
            {
                if (char.IsWhiteSpace(ch))
                {
                    Flush(words, word, ref keepBlank);
                    inWord = false;
                    continue;
                }

                if (ch is '\'' or '"')
                {
                    quote = ch;
                    keepBlank = true;
                }
                else if (ch == escape)
                {
                    if (pos + 1 == rest.Length)
                    {
                        continue;
                    }

                    word.Append(ch);
                    ch = rest[++pos];
                }

                word.Append(ch);
                continue;
            }

            if (ch == quote)
            {
                quote = '\0';
            }
            else if (ch == escape && quote != '\'')
            {
                if (pos + 1 == rest.Length)
                {
                    quote = '\0';
                    continue;
                }

                word.Append(ch);
                ch = rest[++pos];
            }

            word.Append(ch);
        }

        if (inWord)
        {
            Flush(words, word, ref keepBlank);
        }

        return words;
    }

    private static void Flush(List<string> words, StringBuilder word, ref bool keepBlank)
    {
        if (keepBlank || word.Length > 0)
        {
            words.Add(word.ToString());
        }

        word.Clear();
        keepBlank = false;
    }

    private static bool IsDelimiter(char c) => c is ' ' or '\t' or '\v' or '\f' or '\r';
}
