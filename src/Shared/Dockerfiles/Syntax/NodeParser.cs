namespace BuildFarm.Shared.Dockerfiles.Syntax;

/// <summary>
/// parser.go newNodeFromLine: split the keyword and flags off a logical line, then split the arguments with the
/// keyword's line parser (dispatch table in parser.go). Unknown keywords keep no arguments (parseIgnore).
/// </summary>
internal static class NodeParser
{
    /// <param name="line">The logical line.</param>
    /// <param name="escape">The escape token.</param>
    /// <param name="trigger">True when parsing ONBUILD's trigger: a nested ONBUILD is not parsed further (it is
    /// an error anyway, and "ONBUILD ONBUILD …" thousands deep must not recurse).</param>
    public static InstructionNode Parse(string line, char escape, bool trigger = false)
    {
        var (command, flags, rest) = FlagExtractor.Split(line);
        var keyword = command.ToLowerInvariant();
        var node = keyword switch
        {
            "add" or "copy" or "volume" => JsonOrList(rest),
            "cmd" or "entrypoint" or "run" or "shell" => JsonOrString(rest),
            "arg" => new Parts(ArgumentParsers.ParseWords(rest, escape)),
            "env" or "label" => NameValues(rest, keyword.ToUpperInvariant(), escape),
            "expose" or "from" => new Parts(ArgumentParsers.SplitWhitespace(rest)),
            "maintainer" or "stopsignal" or "user" or "workdir" => new Parts(rest.Length == 0 ? [] : [rest]),
            "healthcheck" => HealthCheck(rest),
            "onbuild" => new Parts([], Inner: rest.Length == 0 || trigger ? null : Parse(rest, escape, trigger: true)),
            _ => new Parts([]),
        };

        return new InstructionNode
        {
            Keyword = keyword,
            Original = line,
            Flags = flags,
            Rest = rest,
            Args = node.Args,
            IsJson = node.IsJson,
            Error = node.Error,
            Inner = node.Inner,
        };
    }

    /// <summary>parser.go canContainHeredoc: RUN, COPY and ADD in shell form, directly or as ONBUILD's trigger.</summary>
    public static bool CanContainHeredoc(InstructionNode node)
    {
        if (node.Keyword == "onbuild" && node.Inner is { } inner)
        {
            node = inner;
        }

        return node.Keyword is "run" or "copy" or "add" && !node.IsJson;
    }

    private static Parts JsonOrList(string rest)
    {
        var json = ArgumentParsers.TryParseJson(rest, out var error);
        return json is not null ? new Parts(json, IsJson: true)
            : error is not null ? new Parts([], Error: error)
            : new Parts(ArgumentParsers.SplitWhitespace(rest));
    }

    private static Parts JsonOrString(string rest)
    {
        if (rest.Length == 0)
        {
            return new Parts([]);
        }

        var json = ArgumentParsers.TryParseJson(rest, out var error);
        return json is not null ? new Parts(json, IsJson: true)
            : error is not null ? new Parts([], Error: error)
            : new Parts([rest]);
    }

    private static Parts NameValues(string rest, string keyword, char escape)
    {
        // parseNameVal: "KEY value…" (legacy, when the first word has no '=') or "k=v k2=v2…".
        var words = ArgumentParsers.ParseWords(rest, escape);
        if (words.Count == 0)
        {
            return new Parts([]);
        }

        if (!words[0].Contains('='))
        {
            var cut = rest.AsSpan().IndexOfAny(" \t\v\f\r");
            if (cut < 0)
            {
                return new Parts([], Error: $"{keyword} must have two arguments");
            }

            var valueStart = cut;
            while (valueStart < rest.Length && rest[valueStart] is ' ' or '\t' or '\v' or '\f' or '\r')
            {
                valueStart++;
            }

            return new Parts([rest[..cut], rest[valueStart..]]);
        }

        var args = new List<string>(words.Count * 2);
        foreach (var word in words)
        {
            var eq = word.IndexOf('=');
            if (eq < 0)
            {
                return new Parts([], Error:
                    $"Syntax error - can't find = in \"{word}\". Must be of the form: name=value");
            }

            args.Add(word[..eq]);
            args.Add(word[(eq + 1)..]);
        }

        return new Parts(args);
    }

    private static Parts HealthCheck(string rest)
    {
        // parseHealthConfig: the first word is the type (CMD or NONE), the rest is JSON or a shell string.
        var sep = 0;
        while (sep < rest.Length && !char.IsWhiteSpace(rest[sep]))
        {
            sep++;
        }

        if (sep == 0)
        {
            return new Parts([]);
        }

        var next = sep;
        while (next < rest.Length && char.IsWhiteSpace(rest[next]))
        {
            next++;
        }

        var command = JsonOrString(rest[next..]);
        return command with { Args = [rest[..sep], .. command.Args] };
    }

    private sealed record Parts(
        IReadOnlyList<string> Args,
        bool IsJson = false,
        string? Error = null,
        InstructionNode? Inner = null);
}
