using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Lint.Commands;

namespace BuildFarm.Shared.Lint.Rules;

/// <summary>Something that puts build-context files into a step's cache key: a COPY/ADD from the context, or a
/// RUN's bind mount of it (which counts for that RUN only).</summary>
/// <param name="Line">The line of the instruction.</param>
/// <param name="Text">The instruction as messages quote it.</param>
/// <param name="Sources">The context paths it reads.</param>
/// <param name="WholeContext">Whether it reads the whole context.</param>
/// <param name="ManifestsOnly">Whether it reads nothing but dependency manifests.</param>
internal sealed record ContextSource(int Line, string Text, IReadOnlyList<string> Sources, bool WholeContext, bool ManifestsOnly)
{
    private const int MaxTextLength = 60;

    /// <param name="manifest">The manifest's path as <see cref="ManifestFiles.Segments"/> splits it.</param>
    public bool Brings(string[] manifest) => WholeContext || Sources.Any(s => ManifestFiles.Brings(s, manifest));

    /// <returns>The source, or null when the step reads nothing from the build context.</returns>
    public static ContextSource? FromCopy(DockerfileStep step, IReadOnlySet<string> referenced)
    {
        if (step.Keyword is not ("COPY" or "ADD") || step.From is not null || step.SourcePaths.Count == 0
            || step.SourcePaths.Any(IsRemote))
        {
            return null;
        }

        return Of(step.StartLine, step.Original, step.SourcePaths, referenced);
    }

    /// <returns>The RUN's bind mounts of the build context.</returns>
    public static IEnumerable<ContextSource> FromMounts(DockerfileStep step, IReadOnlySet<string> referenced) =>
        step.Mounts.Where(m => m.Type == "bind" && m.From is null)
            .Select(m => Of(step.StartLine, $"RUN --mount=type=bind,source={m.Source ?? "."}", [m.Source ?? "."], referenced));

    public static bool IsRemote(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || source.StartsWith("git@", StringComparison.Ordinal) || source.StartsWith("git://", StringComparison.Ordinal);

    private static ContextSource Of(int line, string text, IReadOnlyList<string> sources, IReadOnlySet<string> referenced) => new(
        line,
        text.Length <= MaxTextLength ? text : text[..(MaxTextLength - 1)] + "…",
        sources,
        sources.Any(ManifestFiles.IsWholeContext),
        sources.All(s => ManifestFiles.IsManifest(s, referenced)));
}
