namespace BuildFarm.Cli;

/// <summary>Reads repeated <c>--require NAME=VALUE</c> values: labels the build's agent must carry.</summary>
static class RequiredLabelList
{
    /// <summary>A later value for the same name wins, as with --build-arg. Without '=' there is nothing to match an
    /// agent's label against, so it is refused before the farm is called.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string> values)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=');
            if (equals <= 0 || value[..equals].Trim().Length == 0)
            {
                throw new CliException(ExitCodes.BadInput, $"farmctl: --require '{value}' is not NAME=VALUE (e.g. --require gpu=a100).");
            }

            labels[value[..equals].Trim()] = value[(equals + 1)..].Trim();
        }

        return labels;
    }
}
