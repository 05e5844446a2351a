using System.CommandLine;

namespace BuildFarm.Cli.Features.Builds;

/// <summary><c>submit</c>, <c>status</c>, <c>watch</c> and <c>cancel</c>: the farm's REST API from a shell or CI job.</summary>
static class BuildCommands
{
    public static Command Submit(CliContext context)
    {
        var connection = new FarmConnection();
        var repository = new Argument<string>("REPO") { Description = "The git repository URL." };
        var gitRef = new Option<string>("--ref") { Description = "Branch, tag or commit to build.", Required = true };
        var dockerfile = new Option<string?>("--dockerfile") { Description = "Dockerfile path inside the context (default: Dockerfile)." };
        var contextPath = new Option<string?>("--context-path") { Description = "Context folder inside the repository (default: .)." };
        var target = new Option<string?>("--target") { Description = "The stage to build." };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "NAME=value (repeatable); a bare NAME reads the environment." };
        var tags = new Option<string[]>("--tag") { Description = "Image tag (repeatable)." };
        var require = new Option<string[]>("--require") { Description = "NAME=VALUE: an agent label the build needs (repeatable), e.g. gpu=a100." };
        var noCache = new Option<bool>("--no-cache") { Description = "Build without the agent's cache." };
        var pull = new Option<bool>("--pull") { Description = "Pull the base image even when present." };
        var release = new Option<bool>("--release")
        {
            Description = "A release build: no cache, pulled bases pinned to their digests now; it fails if a base tag moves before it runs.",
        };
        var push = new Option<bool>("--push")
        {
            Description = "Push the tags to their registries when the build succeeds, signed in with the farm's stored credentials (needs --tag).",
        };
        var wait = new Option<bool>("--wait") { Description = "Follow the build like 'watch' and exit with its outcome." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the build id." };
        var command = new Command("submit", "Queue a build of a git repository.")
        {
            repository, gitRef, dockerfile, contextPath, target, buildArgs, tags, require, noCache, pull, release, push, wait, quiet,
        };
        connection.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var body = new SubmitBody(
                result.GetValue(repository)!,
                result.GetValue(gitRef)!,
                result.GetValue(dockerfile),
                result.GetValue(contextPath),
                result.GetValue(target),
                BuildArgList.Parse(result.GetValue(buildArgs) ?? [], context.Environment),
                [.. result.GetValue(tags) ?? []],
                result.GetValue(noCache),
                result.GetValue(pull),
                RequiredLabelList.Parse(result.GetValue(require) ?? []),
                result.GetValue(release),
                result.GetValue(push));
            using var api = connection.Open(result, context);
            var accepted = await api.SubmitAsync(body, ct);
            await context.Out.WriteLineAsync(result.GetValue(quiet)
                ? accepted.Id.ToString()
                : $"Build {accepted.Id} {accepted.Status}: {api.BuildPage(accepted.Id)}");
            return result.GetValue(wait)
                ? await new BuildWatcher(api, context).WatchAsync(accepted.Id, ct)
                : ExitCodes.Ok;
        });
        return command;
    }

    public static Command Status(CliContext context)
    {
        var connection = new FarmConnection();
        var id = BuildId();
        var json = new Option<bool>("--json") { Description = "Print the farm's JSON for the build as it is." };
        var command = new Command("status", "Show a build: state, agent, timings and steps.") { id, json };
        connection.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var api = connection.Open(result, context);
            if (result.GetValue(json))
            {
                await context.Out.WriteLineAsync(await api.GetJsonAsync(result.GetValue(id), ct));
            }
            else
            {
                BuildText.WriteStatus(context.Out, await api.GetAsync(result.GetValue(id), ct), api.BuildPage(result.GetValue(id)));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Watch(CliContext context)
    {
        var connection = new FarmConnection();
        var id = BuildId();
        var command = new Command("watch", "Follow a build step by step; exit 0 when it succeeds, 1 when it fails or is cancelled.") { id };
        connection.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var api = connection.Open(result, context);
            return await new BuildWatcher(api, context).WatchAsync(result.GetValue(id), ct);
        });
        return command;
    }

    public static Command Cancel(CliContext context)
    {
        var connection = new FarmConnection();
        var id = BuildId();
        var command = new Command("cancel", "Ask the farm to cancel a queued or running build.") { id };
        connection.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var api = connection.Open(result, context);
            var accepted = await api.CancelAsync(result.GetValue(id), ct);
            await context.Out.WriteLineAsync($"Build {accepted.Id}: cancel requested ({accepted.Status}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<Guid> BuildId() => new("ID") { Description = "The build's id, as submit printed it." };
}
