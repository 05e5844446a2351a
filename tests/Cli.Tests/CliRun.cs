using BuildFarm.Cli;

namespace BuildFarm.Cli.Tests;

/// <summary>One farmctl invocation run in-process: its exit code and everything it printed.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, TextWriter? output = null)
    {
        var stdout = output ?? new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, name => environment?.GetValueOrDefault(name), PollInterval: TimeSpan.FromMilliseconds(50));
        var code = await Farmctl.RunAsync(args, context);
        return new CliRun(code, stdout.ToString()!, stderr.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(args, null);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}
