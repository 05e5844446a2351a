using System.CommandLine;
using BuildFarm.Cli.Features.Builds;
using BuildFarm.Cli.Features.Lint;
using BuildFarm.Cli.Features.Plan;

namespace BuildFarm.Cli;

/// <summary>The farmctl command line: plan or lint a Dockerfile locally, or submit, follow and cancel builds on a farm.</summary>
public static class Farmctl
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("farmctl: plan and lint Dockerfiles, and drive a BuildFarm from the command line.")
        {
            PlanCommand.Create(context),
            LintCommand.Create(context),
            BuildCommands.Submit(context),
            BuildCommands.Status(context),
            BuildCommands.Watch(context),
            BuildCommands.Cancel(context),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await context.Error.WriteLineAsync($"farmctl: {error.Message}");
            }

            await context.Error.WriteLineAsync("Run 'farmctl --help' for usage.");
            return ExitCodes.BadInput;
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = context.IsProcess ? TimeSpan.FromSeconds(2) : null,
        };
        try
        {
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        catch (CliException e)
        {
            foreach (var line in e.Lines)
            {
                await context.Error.WriteLineAsync(line);
            }

            return e.ExitCode;
        }
    }
}
