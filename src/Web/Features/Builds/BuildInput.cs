using BuildFarm.Contracts;

namespace BuildFarm.Web.Features.Builds;

/// <summary>Turns what a person typed (form) or a script sent (API) into a spec, applying the same defaults to both.</summary>
public static class BuildInput
{
    public static BuildSpec ToSpec(
        string? repository,
        string? gitRef,
        string? dockerfilePath,
        string? contextPath,
        string? target,
        IReadOnlyDictionary<string, string>? buildArgs,
        IEnumerable<string>? tags,
        bool noCache,
        bool pull,
        IReadOnlyDictionary<string, string>? requiredLabels = null,
        bool release = false,
        bool push = false) =>
        new(
            (repository ?? "").Trim(),
            (gitRef ?? "").Trim(),
            string.IsNullOrWhiteSpace(dockerfilePath) ? "Dockerfile" : dockerfilePath.Trim(),
            string.IsNullOrWhiteSpace(contextPath) ? "." : contextPath.Trim(),
            string.IsNullOrWhiteSpace(target) ? null : target.Trim(),
            new Dictionary<string, string>(buildArgs ?? new Dictionary<string, string>()),
            (tags ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).ToList(),
            noCache,
            pull,
            RequiredLabels: new Dictionary<string, string>(requiredLabels ?? new Dictionary<string, string>()),
            Release: release,
            Push: push);

    /// <summary>Build args as the form takes them: one KEY=VALUE per line. The value is kept verbatim after the first '='.</summary>
    public static (Dictionary<string, string> Args, List<string> Errors) ParseBuildArgs(string? text)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
                continue;
            var eq = line.IndexOf('=');
            if (eq < 0)
            {
                errors.Add($"Build arg line '{line.Trim()}' is not KEY=VALUE.");
                continue;
            }
            var key = line[..eq].Trim();
            if (!args.TryAdd(key, line[(eq + 1)..]))
                errors.Add($"Build arg '{key}' is given more than once.");
        }
        return (args, errors);
    }

    /// <summary>Required agent labels as the form takes them: NAME=VALUE, one per line or separated by commas.</summary>
    public static (Dictionary<string, string> Labels, List<string> Errors) ParseRequiredLabels(string? text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var item in (text ?? "").Split(['\n', ',', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=');
            if (eq < 0)
            {
                errors.Add($"Required label '{item}' is not NAME=VALUE.");
                continue;
            }
            var name = item[..eq].Trim();
            if (!labels.TryAdd(name, item[(eq + 1)..].Trim()))
                errors.Add($"Required label '{name}' is given more than once.");
        }
        return (labels, errors);
    }

    public static string FormatRequiredLabels(IReadOnlyDictionary<string, string>? labels) =>
        string.Join(", ", (labels ?? new Dictionary<string, string>()).Select(l => $"{l.Key}={l.Value}"));

    /// <summary>Tags as the form takes them: one per line or separated by commas.</summary>
    public static List<string> ParseTags(string? text) =>
        (text ?? "").Split(['\n', ',', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    public static string FormatBuildArgs(IReadOnlyDictionary<string, string> args) =>
        string.Join('\n', args.Select(a => $"{a.Key}={a.Value}"));

    /// <summary>An argument list written back as a command a person could type again (and <see cref="SplitCommand"/>
    /// splits into the same words): a word with spaces, quotes or shell characters is single-quoted.</summary>
    public static string JoinCommand(IEnumerable<string> words) => string.Join(' ', words.Select(QuoteWord));

    static string QuoteWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";

    /// <summary>A check command as the form takes it: words split like a shell would split them (quotes and
    /// backslashes group and escape), with nothing expanded, into the argument list the agent runs as is.</summary>
    public static (List<string> Words, string? Error) SplitCommand(string? text)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        char? quote = null;
        var s = text ?? "";
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (quote == '\'' && c != '\'')
                word.Append(c);
            else if (c == '\\' && quote != '\'' && i + 1 < s.Length)
            {
                word.Append(s[++i]);
                inWord = true;
            }
            else if (c is '\'' or '"' && (quote is null || quote == c))
            {
                quote = quote is null ? c : null;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c) && quote is null)
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (quote is not null)
            return (words, $"Check command has an unclosed {quote} quote.");
        if (inWord)
            words.Add(word.ToString());
        return (words, null);
    }
}
