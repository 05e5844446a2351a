using BuildFarm.Contracts;
using BuildFarm.Web.Features.Registry;
using BuildFarm.Shared.Builds;
using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Lint;
using BuildFarm.Shared.Ignore;

namespace BuildFarm.Web.Features.Planning;

/// <summary>What the farm knows of a build before it runs: the commit, the predicted cache-key chain and its bases.</summary>
public sealed record PlanningResult(
    string? Commit, KeyChain? Plan, IReadOnlyList<BaseImage> Bases, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>The CUDA version of the image the target stage ultimately builds on, when its base says.</summary>
    public Version? CudaVersion { get; init; }

    /// <summary>The reference of the image the target stage ultimately builds on (null for scratch): the base a
    /// release build's image records as its own.</summary>
    public string? TargetBase { get; init; }

    /// <summary>What the cache lint found in the Dockerfile at this commit, with the context's size: advice shown with
    /// the build, never a reason to refuse it.</summary>
    public LintReport? Lint { get; init; }
}

/// <summary>A base image as resolved at planning time; the digests are null when the registry could not say.</summary>
/// <param name="Digest">The platform's image manifest digest: BuildKit's FROM key, what cache keys are built on.</param>
/// <param name="MovedFrom">The tag digest the ledger last saw this reference at, when it has moved since.</param>
/// <param name="TagDigest">What the tag points at (the index digest for multi-platform images): the value whose
/// change means the tag moved, the same whichever platform was planned.</param>
public sealed record BaseImage(
    string Reference, string? Digest, string Status, string? Note, string? MovedFrom, Version? CudaVersion = null, string? TagDigest = null);

/// <summary>
/// Plans a build from the bare mirror and the registry: the same errors a build would hit (missing Dockerfile,
/// syntax, unknown stage, a base that does not exist) are found at submit time, with their line.
/// </summary>
public sealed class BuildPlanner(GitMirror mirror, DigestResolver digests, ContextLimits? limits = null)
{
    readonly ContextLimits _limits = limits ?? ContextLimits.Default;

    /// <param name="atCommit">Plan this commit rather than where the ref points now (a rebuild of the same commit).</param>
    public async Task<PlanningResult> PlanAsync(BuildSpec spec, bool allowLocal, CancellationToken ct, string? atCommit = null)
    {
        string commit;
        try
        {
            commit = await mirror.ResolveAsync(spec.Repository, atCommit ?? spec.Ref, allowLocal, ct);
        }
        catch (PlanningException e)
        {
            return Failed(null, e.Message);
        }

        // git cleans pathspecs and prints clean paths back, so "./app/" must be "app" before anything is joined or cut.
        var contextPath = SlashPath.Clean(spec.ContextPath);
        var dockerfilePath = SlashPath.Clean($"{contextPath}/{spec.DockerfilePath}");
        // Measured before it is read: a committed multi-gigabyte "Dockerfile" must not be pulled into Web's memory.
        var size = await mirror.BlobSizeAsync(spec.Repository, commit, dockerfilePath, ct);
        if (size is { } bytes && _limits.DockerfileRefusal(spec.DockerfilePath, bytes) is { } tooBig)
            return Failed(commit, tooBig);
        var text = size is null ? null : await mirror.ReadFileAsync(spec.Repository, commit, dockerfilePath, ct);
        if (size is null || text is null)
            return Failed(commit, $"Dockerfile '{spec.DockerfilePath}' not found in context '{spec.ContextPath}' at {Short(commit)}");
        var parsed = DockerfileParser.Parse(text, spec.BuildArgs);
        if (!parsed.Succeeded)
            return new PlanningResult(commit, null, [], parsed.Errors.Select(e => $"{spec.DockerfilePath} {e}").ToList());
        var stages = parsed.StagesFor(spec.Target, out var targetError);
        if (stages is null)
            return Failed(commit, targetError ?? $"target '{spec.Target}' cannot be built");

        var ignorePath = SlashPath.Clean($"{contextPath}/.dockerignore");
        // Measured first too: git would hand the whole blob to Web's memory.
        if (await mirror.BlobSizeAsync(spec.Repository, commit, ignorePath, ct) is { } ignoreBytes
            && _limits.IgnoreFileRefusal(spec.ContextPath, ignoreBytes) is { } ignoreTooBig)
            return Failed(commit, ignoreTooBig);
        var ignore = await mirror.ReadFileAsync(spec.Repository, commit, ignorePath, ct);
        var files = await mirror.ListFilesAsync(spec.Repository, commit, contextPath, ct);
        DockerIgnore parsedIgnore;
        try
        {
            parsedIgnore = ignore is null ? DockerIgnore.Empty : DockerIgnore.Parse(ignore);
        }
        catch (FormatException e)
        {
            // The agent refuses the same file when it sends the context; until now it was an error 500 here.
            return Failed(commit, e.Message);
        }

        var context = ContextSnapshot.FromFiles(files, parsedIgnore);
        if (_limits.ContextRefusal(spec.ContextPath, context.Bytes, context.Files.Count) is { } tooMuch)
            return Failed(commit, tooMuch);

        var (bases, errors) = await ResolveBasesAsync(stages, spec.Release, ct);
        if (errors.Count > 0)
            return new PlanningResult(commit, null, bases, errors);
        var byReference = bases.ToDictionary(b => b.Reference, b => b.Digest);
        var plan = CacheKeyChain.Compute(parsed, spec.Target, spec.BuildArgs, r => byReference.GetValueOrDefault(r), context);
        var root = stages[^1];
        while (root.BaseStageIndex is { } parent)
            root = parsed.Stages[parent];
        return new PlanningResult(commit, plan, bases, plan.Errors)
        {
            CudaVersion = bases.FirstOrDefault(b => b.Reference == root.BaseReference)?.CudaVersion,
            TargetBase = root.IsScratch ? null : root.BaseReference,
            Lint = DockerfileLint.Check(text, new LintContext(ignore is not null, files.Sum(f => f.Size), files.Count), spec.BuildArgs),
        };
    }

    async Task<(List<BaseImage>, List<string>)> ResolveBasesAsync(IReadOnlyList<DockerfileStage> stages, bool fresh, CancellationToken ct)
    {
        var bases = new List<BaseImage>();
        var errors = new List<string>();
        var seen = new HashSet<string>();
        foreach (var (reference, platform, line) in ExternalImages(stages))
        {
            if (!seen.Add(reference))
                continue;
            var resolution = await digests.ResolveAsync(reference,
                ImagePlatform.TryParse(platform, out var p) ? p : ImagePlatform.Default, ct, fresh);
            if (resolution.RejectionReason is { } reason)
            {
                errors.Add($"line {line}: base image {reference}: {reason}");
                continue;
            }
            // Registry trouble degrades to "digest unknown" placement; the build itself may still pull from a mirror.
            // MovedFrom is the DigestLedger's to fill: it remembers where the tag was across restarts.
            bases.Add(new BaseImage(reference, resolution.PlatformDigest, resolution.Status.ToString().ToLowerInvariant(),
                resolution.Error?.Message, MovedFrom: null, resolution.Image?.CudaVersion, resolution.Digest));
        }
        return (bases, errors);
    }

    static IEnumerable<(string Reference, string? Platform, int Line)> ExternalImages(IReadOnlyList<DockerfileStage> stages)
    {
        foreach (var stage in stages)
        {
            if (stage.BaseStageIndex is null && !stage.IsScratch)
                yield return (stage.BaseReference, stage.Platform, stage.Line);
            foreach (var step in stage.Steps)
                if (step.From is { } from && step.FromStageIndex is null && from != "scratch")
                    yield return (from, stage.Platform, step.StartLine);
        }
    }

    static PlanningResult Failed(string? commit, string error) => new(commit, null, [], [error]);

    static string Short(string commit) => commit[..Math.Min(12, commit.Length)];
}
