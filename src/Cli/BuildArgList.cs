namespace BuildFarm.Cli;

/// <summary>Reads repeated <c>--build-arg</c> values the way <c>docker build</c> does.</summary>
static class BuildArgList
{
    /// <summary>"K=V" sets K; a bare "K" takes K from the environment and is skipped when unset, as in docker build.
    /// A later value for the same name wins.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string> values, Func<string, string?> environment)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=');
            var name = equals < 0 ? value : value[..equals];
            if (name.Trim().Length == 0)
            {
                throw new CliException(ExitCodes.BadInput, $"farmctl: --build-arg '{value}' has no name; write NAME=value.");
            }

            if (equals >= 0)
            {
                args[name] = value[(equals + 1)..];
            }
            else if (environment(name) is { } fromEnvironment)
            {
                args[name] = fromEnvironment;
            }
        }

        return args;
    }
}
