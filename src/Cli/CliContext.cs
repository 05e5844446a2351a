namespace BuildFarm.Cli;

/// <summary>What a command may touch outside its arguments, so tests run the CLI in-process against real servers.</summary>
/// <param name="Out">Results (plans, build progress, JSON).</param>
/// <param name="Error">Errors and warnings.</param>
/// <param name="Environment">Reads an environment variable (FARM_SERVER, FARM_TOKEN, build args given without a value).</param>
/// <param name="Handler">The HTTP handler API calls go through; null for a fresh one per command.</param>
/// <param name="PollInterval">How often <c>watch</c> asks for the build.</param>
/// <param name="Time">The clock <c>watch</c> waits on.</param>
/// <param name="IsProcess">True when this is the real process, which should react to Ctrl+C.</param>
public sealed record CliContext(
    TextWriter Out,
    TextWriter Error,
    Func<string, string?> Environment,
    HttpMessageHandler? Handler = null,
    TimeSpan? PollInterval = null,
    TimeProvider? Time = null,
    bool IsProcess = false)
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    public static CliContext ForProcess() =>
        new(Console.Out, Console.Error, System.Environment.GetEnvironmentVariable, IsProcess: true);

    public TimeSpan Interval => PollInterval ?? DefaultPollInterval;

    public TimeProvider Clock => Time ?? TimeProvider.System;
}
