using BuildFarm.Shared.References;

namespace BuildFarm.Shared.Lint.Rules;

/// <summary>
/// base-latest and base-not-pinned: a FROM that names an image by tag alone. A tag is a pointer the publisher may
/// move; when it moves, BuildKit's key for the FROM changes and every step after it is rebuilt, and two builds of
/// the same commit can differ. Stages built on earlier stages and <c>scratch</c> are left alone.
/// </summary>
internal sealed class BaseImageCheck : ILintCheck
{
    // Tags that move by design: they never name one build of the image.
    private static readonly HashSet<string> FloatingTags =
        ["latest", "nightly", "edge", "rolling", "main", "master", "dev", "devel", "stable", "lts", "current"];

    public IEnumerable<LintFinding> Check(LintInput input)
    {
        foreach (var stage in input.Parsed.Stages)
        {
            if (stage.BaseStageIndex is not null || stage.IsScratch
                || !ImageReference.TryParse(stage.BaseReference, out var image, out _) || image.Digest is not null)
            {
                continue;
            }

            var written = stage.BaseReference;
            if (image.Tag is null || FloatingTags.Contains(image.Tag))
            {
                var what = image.Tag is null ? $"'{written}' has no tag, so it means '{written}:latest', which" : $"The tag '{image.Tag}' of '{image.FamiliarName}'";
                yield return LintRules.BaseLatest.At(stage.Line,
                    $"{what} moves with every release upstream: each move invalidates every cached step of this stage, and builds of the same commit get different images.",
                    $"Pick a version tag and pin its digest: FROM {image.FamiliarName}:<version>@sha256:<digest> (`docker buildx imagetools inspect {image.FamiliarName}:<version>` prints the digest).");
            }
            else
            {
                yield return LintRules.BaseNotPinned.At(stage.Line,
                    $"'{written}' is pinned by tag only: a re-push of '{image.Tag}' (security rebuilds do this) gives the FROM a new digest, so every cached step of this stage is rebuilt and the image silently changes.",
                    $"Pin the digest next to the tag: FROM {image.FamiliarName}:{image.Tag}@sha256:<digest> (`docker buildx imagetools inspect {written}` prints it).");
            }
        }
    }
}
