using System.Text.RegularExpressions;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>A BuildKit vertex that is a Dockerfile step: <c>[2/6] RUN ...</c> or <c>[stage-1 3/4] COPY ...</c>.</summary>
public sealed partial record StepName(string? Stage, int Number, int Of, string Instruction)
{
    /// <summary>The FROM step: a step, but BuildKit's cached flag on it means nothing (CACHED on a first build, not on a
    /// rebuild), so it does not count towards cache hits.</summary>
    public bool IsFrom => Instruction.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null for vertices that are not steps: <c>[internal] load build definition</c>, <c>exporting to image</c>,
    /// <c>copy /context /</c>.</summary>
    public static StepName? Parse(string vertexName)
    {
        var match = Pattern().Match(vertexName);
        if (!match.Success)
            return null;
        var stage = match.Groups["stage"] is { Success: true } s ? s.Value : null;
        return new StepName(stage, int.Parse(match.Groups["n"].Value), int.Parse(match.Groups["of"].Value), match.Groups["instruction"].Value);
    }

    // BuildKit pads the number to the width of the total ("%*d/%d"): "[ 1/12]", "[builder  1/12]". With
    // BUILDKIT_MULTI_PLATFORM set it also puts the platform first ("[linux/arm64 builder 2/3]"); a platform always has a
    // slash and a stage name never does, which tells the two apart.
    [GeneratedRegex(@"^\[(?:[^\s\]/]+/[^\s\]]+ )?(?:(?<stage>[^\s\]/]+) )? *(?<n>\d+)/(?<of>\d+)\] (?<instruction>.+)$", RegexOptions.Singleline)]
    private static partial Regex Pattern();
}
