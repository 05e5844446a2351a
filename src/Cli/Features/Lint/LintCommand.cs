using System.CommandLine;
using BuildFarm.Shared.Lint;

namespace BuildFarm.Cli.Features.Lint;

/// <summary><c>farmctl lint</c>: what in a Dockerfile costs cache hits or reproducibility, with the fix for each.</summary>
static class LintCommand
{
    public static Command Create(CliContext context)
    {
        var dockerfile = new Argument<string>("DOCKERFILE") { Description = "The Dockerfile to lint." };
        var contextDir = new Option<string?>("--context") { Description = "The build context folder: check for a .dockerignore and measure what it holds." };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "NAME=value (repeatable), for bases chosen by ARG; a bare NAME reads the environment." };
        var json = new Option<bool>("--json") { Description = "Print {\"findings\":[{rule,line,severity,message,fix}]}." };
        var command = new Command("lint", "Find what costs a Dockerfile its cache hits or its reproducibility (rules: docs/lint-rules.md).")
        {
            dockerfile, contextDir, buildArgs, json,
        };
        command.SetAction((result, _) => Task.FromResult(Run(
            context,
            result.GetValue(dockerfile)!,
            result.GetValue(contextDir),
            BuildArgList.Parse(result.GetValue(buildArgs) ?? [], context.Environment),
            result.GetValue(json))));
        return command;
    }

    private static int Run(CliContext context, string dockerfilePath, string? contextDir, Dictionary<string, string> args, bool json)
    {
        var text = Read(dockerfilePath);
        var lintContext = contextDir is null ? null : ContextMeasure.Of(dockerfilePath, contextDir);
        var report = DockerfileLint.Check(text, lintContext, args);
        if (report.Refused)
        {
            foreach (var error in report.ParseErrors)
            {
                context.Error.WriteLine($"{dockerfilePath}:{error.Line}: {error.Message}");
            }

            context.Error.WriteLine($"farmctl: cannot lint '{dockerfilePath}': it is not a Dockerfile BuildKit would build (errors above).");
            return ExitCodes.BadInput;
        }

        if (json)
        {
            context.Out.WriteLine(LintJson.Serialize(report));
        }
        else
        {
            LintText.Write(context.Out, dockerfilePath, report);
        }

        return report.Findings.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliException(ExitCodes.BadInput, $"farmctl: cannot read Dockerfile '{path}': {e.Message}");
        }
    }
}
