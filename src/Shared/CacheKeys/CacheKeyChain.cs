using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.CacheKeys;

/// <summary>
/// Predicts the cache keys BuildKit's reuse follows: a step is reused only when it and every step before it are
/// unchanged, so each key hashes the previous key with what the step itself depends on. Pure and deterministic: the
/// same Dockerfile, build args, base digests and context give the same keys on every machine and in every order.
/// </summary>
/// <remarks>
/// <para>key(FROM) is the base image's platform manifest digest as 64 hex digits. For <c>FROM stage</c> it is that
/// stage's final key. For scratch it is H("from", "scratch", platform); for a base whose digest is unknown,
/// H("from", "reference", reference, platform), and the stage says <see cref="ChainStage.BaseDigestKnown"/> false.</para>
/// <para>key(step) = H("step", previous key, instruction, args, heredocs, inputs), where the instruction is
/// <see cref="DockerfileStep.Text"/> (expanded as BuildKit expands it, so ENV and LABEL values flow into every later
/// key); args are the build args the step can see, sorted by name, each name then value (or null); heredocs are each
/// name then content; and inputs, in the order the instruction names them, are one of: "context", source, file count,
/// then per file (sorted by path) path, blob id, mode; "stage", that stage's final key; "image", digest;
/// "image-reference", reference (digest unknown); "remote", URL (ADD of a URL or git repository); "unhashed", source
/// (no context given). COPY/ADD sources and <c>RUN --mount=type=bind</c> without <c>from</c> read the context;
/// <c>--from</c> a stage reads that stage's final key instead.</para>
/// <para>H is SHA-256 over a canonical encoding: the text "buildfarm.cache-key.v1", the kind, then each item as a tag
/// byte (1 text, 0 null, 2 number), text as a 4-byte big-endian UTF-8 length and its bytes, numbers (counts, modes) as
/// 8 big-endian bytes. Every list is preceded by its count, so no two inputs encode alike.</para>
/// </remarks>
public static class CacheKeyChain
{
    /// <summary>Plans the build of <paramref name="target"/>.</summary>
    /// <param name="parsed">The Dockerfile, parsed with the same <paramref name="buildArgs"/>.</param>
    /// <param name="target">The stage to build (case-insensitive), or null for the last stage.</param>
    /// <param name="buildArgs">The build's <c>--build-arg</c> values; they decide the args each step sees.</param>
    /// <param name="baseDigest">Resolves an image reference to its platform manifest digest ("sha256:…"), or null
    /// when unknown (registry down, not resolved yet). Called for bases and for <c>--from</c> images.</param>
    /// <param name="context">The build context after <c>.dockerignore</c>, or null when it is not known: COPY/ADD
    /// steps are then marked <see cref="ChainStep.Unhashed"/> and planning still succeeds.</param>
    /// <returns>The plan, or one whose <see cref="KeyChain.Errors"/> say why there is none.</returns>
    public static KeyChain Compute(
        ParseResult parsed,
        string? target,
        IReadOnlyDictionary<string, string> buildArgs,
        Func<string, string?> baseDigest,
        IContextSnapshot? context)
    {
        if (!parsed.Succeeded)
        {
            return new KeyChain { Errors = parsed.Errors.Select(e => e.ToString()).ToArray() };
        }

        var stages = parsed.StagesFor(target, out var error);
        if (stages is null)
        {
            return new KeyChain { Errors = [error ?? "the target could not be planned"] };
        }

        var planner = new ChainPlanner(parsed.Stages, buildArgs, baseDigest, SortedFiles(context));
        return new KeyChain
        {
            Stages = stages.Select(s => planner.Plan(s.Index)).ToArray(),
            TargetIndex = stages.Count == 0 ? -1 : TargetIndex(parsed.Stages, target),
            UnresolvedReferences = planner.Unresolved,
        };
    }

    private static int TargetIndex(IReadOnlyList<DockerfileStage> stages, string? target) =>
        target is null
            ? stages[^1].Index
            : stages.Last(s => string.Equals(s.Name, target, StringComparison.OrdinalIgnoreCase)).Index;

    // The selection relies on ordinal path order; a snapshot from elsewhere may not keep it.
    private static IReadOnlyList<ContextFile>? SortedFiles(IContextSnapshot? context)
    {
        if (context is null)
        {
            return null;
        }

        var files = context.Files;
        for (var i = 1; i < files.Count; i++)
        {
            if (string.CompareOrdinal(files[i - 1].Path, files[i].Path) >= 0)
            {
                return files.DistinctBy(f => f.Path).OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
            }
        }

        return files;
    }
}
