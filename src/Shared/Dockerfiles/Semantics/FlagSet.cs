namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// The builder flags each instruction accepts, checked like buildkit instructions/bflag.go BFlags.Parse:
/// unknown flags, repeats of single-valued flags, booleans given other than true/false, and string flags without
/// "=value" are errors. Values keep their order; strings-typed flags (--mount, --exclude) may repeat.
/// </summary>
internal static class FlagSet
{
    private enum Kind
    {
        Bool,
        String,
        Strings,
    }

    private static readonly Dictionary<string, Dictionary<string, Kind>> Allowed = new(StringComparer.Ordinal)
    {
        ["from"] = new() { ["platform"] = Kind.String },
        ["copy"] = new()
        {
            ["from"] = Kind.String, ["chown"] = Kind.String, ["chmod"] = Kind.String, ["link"] = Kind.Bool,
            ["parents"] = Kind.Bool, ["exclude"] = Kind.Strings,
        },
        ["add"] = new()
        {
            ["chown"] = Kind.String, ["chmod"] = Kind.String, ["link"] = Kind.Bool, ["keep-git-dir"] = Kind.Bool,
            ["checksum"] = Kind.String, ["exclude"] = Kind.Strings, ["unpack"] = Kind.Bool,
        },
        ["run"] = new()
        {
            ["mount"] = Kind.Strings, ["network"] = Kind.String, ["security"] = Kind.String, ["device"] = Kind.Strings,
        },
        ["healthcheck"] = new()
        {
            ["interval"] = Kind.String, ["timeout"] = Kind.String, ["start-period"] = Kind.String,
            ["start-interval"] = Kind.String, ["retries"] = Kind.String,
        },
    };

    /// <summary>Parses an instruction's flag words; <paramref name="error"/> is the first problem, as BuildKit stops there.</summary>
    public static Dictionary<string, List<string>> Parse(string keyword, IReadOnlyList<string> words, out string? error)
    {
        error = null;
        var flags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var allowed = Allowed.GetValueOrDefault(keyword);
        foreach (var word in words)
        {
            if (word == "--")
            {
                break;
            }

            var text = word.StartsWith("--", StringComparison.Ordinal) ? word[2..] : word;
            var eq = text.IndexOf('=');
            var name = eq >= 0 ? text[..eq] : text;
            var value = eq >= 0 ? text[(eq + 1)..] : "";
            var problem = Check(allowed, flags, name, value, hasValue: eq >= 0, out var normalized);
            error ??= problem;
            if (!flags.TryGetValue(name, out var values))
            {
                flags[name] = values = [];
            }

            values.Add(normalized);
        }

        return flags;
    }

    private static string? Check(
        Dictionary<string, Kind>? allowed,
        Dictionary<string, List<string>> seen,
        string name,
        string value,
        bool hasValue,
        out string normalized)
    {
        normalized = value;
        if (allowed is null || !allowed.TryGetValue(name, out var kind))
        {
            return $"unknown flag: {name}";
        }

        if (kind != Kind.Strings && seen.ContainsKey(name))
        {
            return $"duplicate flag specified: {name}";
        }

        if (kind != Kind.Bool)
        {
            return hasValue ? null : $"missing a value on flag: {name}";
        }

        if (hasValue && value.Length == 0)
        {
            return $"missing a value on flag: {name}";
        }

        normalized = value.Length == 0 ? "true" : value.ToLowerInvariant();
        return normalized is "true" or "false" ? null : $"expecting boolean value for flag {name}, not: {value}";
    }
}
