using System.CommandLine;
using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Ignore;

namespace BuildFarm.Cli.Features.Plan;

/// <summary><c>farmctl plan</c>: the stages, bases and predicted cache-key chain of a Dockerfile, without building.</summary>
static class PlanCommand
{
    public static Command Create(CliContext context)
    {
        var dockerfile = new Argument<string>("DOCKERFILE") { Description = "The Dockerfile to plan." };
        var contextDir = new Option<string?>("--context") { Description = "The build context folder: hash COPY/ADD sources and report what is sent." };
        var target = new Option<string?>("--target") { Description = "The stage to build (default: the last)." };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "NAME=value (repeatable); a bare NAME reads the environment." };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON (fields documented in README.md)." };
        var command = new Command("plan", "Print a Dockerfile's stages, base references and predicted cache keys.")
        {
            dockerfile, contextDir, target, buildArgs, json,
        };
        command.SetAction((result, _) => Task.FromResult(Run(
            context,
            result.GetValue(dockerfile)!,
            result.GetValue(contextDir),
            result.GetValue(target),
            BuildArgList.Parse(result.GetValue(buildArgs) ?? [], context.Environment),
            result.GetValue(json))));
        return command;
    }

    private static int Run(CliContext context, string dockerfilePath, string? contextDir, string? target, Dictionary<string, string> args, bool json)
    {
        var text = ReadDockerfile(dockerfilePath);
        var scan = contextDir is null ? null : ScanContext(dockerfilePath, contextDir);
        var parsed = DockerfileParser.Parse(text, args);
        var plan = CacheKeyChain.Compute(parsed, target, args, _ => null, scan?.Snapshot);
        if (!plan.Succeeded)
        {
            var errors = parsed.Succeeded ? plan.Errors.Select(e => new LineMessage(null, e)).ToArray() : parsed.Errors.Select(e => new LineMessage(e.Line, e.Message)).ToArray();
            foreach (var error in errors)
            {
                context.Error.WriteLine(error.Line is { } line ? $"{dockerfilePath}:{line}: {error.Message}" : $"{dockerfilePath}: {error.Message}");
            }

            if (json)
            {
                context.Out.WriteLine(PlanJson.Serialize(new PlanErrors(errors)));
            }

            return ExitCodes.Failed;
        }

        var document = PlanDocument.From(dockerfilePath, args, parsed, plan, scan);
        if (json)
        {
            context.Out.WriteLine(PlanJson.Serialize(document));
        }
        else
        {
            foreach (var warning in document.Warnings)
            {
                context.Error.WriteLine($"{dockerfilePath}:{warning.Line}: warning: {warning.Message}");
            }

            PlanText.Write(context.Out, document);
        }

        return ExitCodes.Ok;
    }

    private static string ReadDockerfile(string path)
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

    // BuildKit prefers "<Dockerfile>.dockerignore" beside the Dockerfile to the context's .dockerignore.
    private static ContextScan ScanContext(string dockerfilePath, string contextDir)
    {
        if (!Directory.Exists(contextDir))
        {
            throw new CliException(ExitCodes.BadInput, $"farmctl: cannot read context '{contextDir}': no such folder.");
        }

        var ignoreFile = new[] { dockerfilePath + ".dockerignore", Path.Combine(contextDir, ".dockerignore") }.FirstOrDefault(File.Exists);
        try
        {
            var ignore = ignoreFile is null ? DockerIgnore.Empty : DockerIgnore.Parse(File.ReadAllText(ignoreFile));
            return ContextScanner.Scan(Path.GetFullPath(contextDir), ignore, ignoreFile);
        }
        catch (FormatException e)
        {
            // Docker refuses to build with a malformed .dockerignore, so it counts with the Dockerfile's errors.
            throw new CliException(ExitCodes.Failed, $"{ignoreFile}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadInput, $"farmctl: cannot read context '{contextDir}': {e.Message}");
        }
    }
}
