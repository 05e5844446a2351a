namespace BuildFarm.Cli;

/// <summary>Ends a command with an exit code and the lines to print on the error stream; never a stack trace.</summary>
public sealed class CliException(int exitCode, params string[] lines) : Exception(string.Join(Environment.NewLine, lines))
{
    public int ExitCode { get; } = exitCode;

    public IReadOnlyList<string> Lines { get; } = lines;
}
