using System.Text;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// Reads one <c>--mount</c> value like buildkit instructions/commands_runmount.go parseMount: CSV fields of
/// key=value (or the bare readonly/ro, readwrite/rw, required), each value expanded, type defaulting to bind,
/// bind/secret/ssh read-only unless rw is given. <c>from</c> may not use variables.
/// </summary>
internal static class MountParser
{
    private static readonly HashSet<string> Types = ["bind", "cache", "tmpfs", "secret", "ssh"];

    public static RunMount Parse(string value, Func<string, string> expand, out string? error)
    {
        var mount = new Builder();
        error = Read(value, expand, mount);
        if (error is null && mount.Sharing is not null && mount.Type != "cache")
        {
            error = $"invalid cache sharing set for {mount.Type} mount";
        }

        if (error is null && mount.Type == "secret" && mount.From is not null)
        {
            error = "secret mount should not have a from";
        }

        var readOnly = mount.ReadOnly ?? mount.Type is not ("cache" or "tmpfs");
        return new RunMount(mount.Type, mount.Target, mount.Source, mount.From, null, mount.Id, readOnly, mount.Options);
    }

    private static string? Read(string value, Func<string, string> expand, Builder mount)
    {
        if (SplitCsv(value) is not { } fields)
        {
            return "failed to parse csv mounts: bare \" in non-quoted field";
        }

        foreach (var field in fields)
        {
            var eq = field.IndexOf('=');
            var key = (eq < 0 ? field : field[..eq]).ToLowerInvariant();
            if (eq < 0)
            {
                switch (key)
                {
                    case "readonly" or "ro":
                        mount.ReadOnly = true;
                        continue;
                    case "readwrite" or "rw":
                        mount.ReadOnly = false;
                        continue;
                    case "required" when mount.Type is "secret" or "ssh":
                        continue;
                    case "required":
                        return $"unexpected key '{key}' for mount type '{mount.Type}'";
                    default:
                        return $"invalid field '{field}' must be a key=value pair";
                }
            }

            var raw = field[(eq + 1)..];
            if (key == "from" && raw.AsSpan().IndexOf('$') is var d && d >= 0 && d + 1 < raw.Length)
            {
                return "'from' doesn't support variable expansion, define alias stage instead";
            }

            if (Apply(mount, key, expand(raw)) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Apply(Builder mount, string key, string value)
    {
        mount.Options.Add(new KeyValuePair<string, string>(key, value));
        switch (key)
        {
            case "type":
                if (!Types.Contains(value.ToLowerInvariant()))
                {
                    return $"unsupported mount type \"{value}\"";
                }

                mount.Type = value.ToLowerInvariant();
                return null;
            case "from":
                mount.From = value;
                return null;
            case "source" or "src":
                mount.Source = value;
                return null;
            case "target" or "dst" or "destination":
                mount.Target = value;
                return null;
            case "id":
                mount.Id = value;
                return null;
            case "readonly" or "ro" or "readwrite" or "rw":
                if (GoBool(value) is not { } flag)
                {
                    return $"invalid value for {key}: {value}";
                }

                mount.ReadOnly = key is "readonly" or "ro" ? flag : !flag;
                return null;
            case "sharing":
                mount.Sharing = value.ToLowerInvariant();
                return mount.Sharing is "shared" or "private" or "locked" ? null : $"unsupported sharing value \"{value}\"";
            case "required" when mount.Type is not ("secret" or "ssh"):
                return $"unexpected key '{key}' for mount type '{mount.Type}'";
            case "required" or "mode" or "uid" or "gid" or "size" or "env":
                return null;
            default:
                return $"unexpected key '{key}' in '{key}={value}'";
        }
    }

    // strconv.ParseBool's spellings.
    private static bool? GoBool(string value) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    /// <summary>One record of Go's encoding/csv: ',' separates, a field may be "quoted" with "" for a quote.</summary>
    private static List<string>? SplitCsv(string value)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < value.Length && value[i] == '"')
            {
                for (i++; i < value.Length; i++)
                {
                    if (value[i] != '"')
                    {
                        field.Append(value[i]);
                    }
                    else if (i + 1 < value.Length && value[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        i++;
                        break;
                    }
                }
            }

            while (i < value.Length && value[i] != ',')
            {
                if (value[i] == '"')
                {
                    return null;
                }

                field.Append(value[i++]);
            }

            fields.Add(field.ToString());
            if (i >= value.Length)
            {
                return fields;
            }

            i++;
        }
    }

    private sealed class Builder
    {
        public string Type { get; set; } = "bind";

        public string? Target { get; set; }

        public string? Source { get; set; }

        public string? From { get; set; }

        public string? Id { get; set; }

        public string? Sharing { get; set; }

        public bool? ReadOnly { get; set; }

        public List<KeyValuePair<string, string>> Options { get; } = [];
    }
}
