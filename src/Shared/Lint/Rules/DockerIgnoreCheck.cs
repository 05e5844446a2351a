using BuildFarm.Shared.Lint.Commands;

namespace BuildFarm.Shared.Lint.Rules;

/// <summary>
/// context-without-dockerignore: a Dockerfile that copies the whole context, built from a large context with no
/// .dockerignore. Everything goes into that COPY's cache key: .git (which every commit changes), checkpoints,
/// data sets, caches. Runs only when the caller says what the context holds.
/// </summary>
internal sealed class DockerIgnoreCheck : ILintCheck
{
    public IEnumerable<LintFinding> Check(LintInput input)
    {
        if (input.Context is not { HasDockerIgnore: false } context || context.SizeBytes < LintContext.LargeContextBytes)
        {
            yield break;
        }

        var copy = input.Steps.FirstOrDefault(s => (s.Keyword is "COPY" or "ADD" && s.From is null && s.SourcePaths.Any(ManifestFiles.IsWholeContext))
            || s.Mounts.Any(m => m.Type == "bind" && m.From is null && (m.Source is null || ManifestFiles.IsWholeContext(m.Source))));
        if (copy is null)
        {
            yield break;
        }

        var size = context.SizeBytes is { } bytes
            ? $" and holds {Size(bytes)}{(context.FileCount is { } files ? $" in {files:N0} files" : "")}"
            : "";
        yield return LintRules.ContextWithoutDockerIgnore.At(copy.StartLine,
            $"The build context has no .dockerignore{size}: `{copy.Original}` sends and copies all of it (.git, checkpoints, data, caches), so the transfer is slow and a change to any of those files (every commit changes .git) invalidates this step and every one after it.",
            "Add a .dockerignore at the context's root that leaves out what the image does not need, e.g. `.git`, `**/__pycache__`, `.venv/`, `data/`, `*.ckpt`, `*.safetensors`.");
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        _ => $"{bytes / 1024.0:0.0} KiB",
    };
}
