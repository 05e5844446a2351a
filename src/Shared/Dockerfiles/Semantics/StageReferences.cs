using BuildFarm.Shared.References;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// Resolves a --from value (COPY/ADD --from, RUN --mount from=): a stage index, a stage name (any stage, even a
/// later one), or an image. BuildKit takes any name it does not know as an image to pull; the farm calls a bare
/// word (no '/', ':' or '@') that names no stage an unknown stage, so a misspelt stage fails at submit time
/// instead of as a failed pull.
/// </summary>
internal sealed class StageReferences(StageNames names, StepExpansion expansion, List<DockerfileError> errors)
{
    /// <param name="value">The value as written.</param>
    /// <param name="written">How the flag reads in error messages, e.g. "COPY --from=base".</param>
    /// <param name="line">The step's line, for errors.</param>
    /// <returns>The stage's index, or null for an image (or a value in error).</returns>
    public int? Resolve(string value, string written, int line)
    {
        if (expansion.IsExpandable(value))
        {
            // moby/buildkit#6153: --from is resolved before any stage runs, so it cannot use variables.
            errors.Add(new(line, "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround"));
            return null;
        }

        if (names.Find(value, out var badIndex) is { } index)
        {
            return index;
        }

        if (badIndex)
        {
            errors.Add(new(line, $"{written} refers to an unknown stage: invalid stage index {value}"));
        }
        else if (value != "scratch" && value.AsSpan().IndexOfAny("/:@") < 0)
        {
            errors.Add(new(line, $"{written} refers to an unknown stage"));
        }
        else if (value != "scratch" && !ImageReference.TryParse(value, out _, out var problem))
        {
            errors.Add(new(line, $"{written} is neither a stage nor a valid image reference: {problem}"));
        }

        return null;
    }
}
