using BuildFarm.Shared.Dockerfiles.Shell;
using BuildFarm.Shared.Dockerfiles.Syntax;
using BuildFarm.Shared.References;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// Reads a FROM line into the header of a new stage: its name, its base (an earlier stage, scratch or an image
/// reference) and its platform. FROM expands only the global ARGs and the platform args (<paramref name="fromScope"/>).
/// </summary>
internal sealed class StageHeaders(
    StageNames names,
    StepExpansion expansion,
    VariableScope fromScope,
    List<DockerfileError> errors)
{
    /// <param name="node">The FROM instruction.</param>
    /// <param name="index">The index the new stage takes.</param>
    public DockerfileStage Read(InstructionNode node, int index)
    {
        var flags = FlagSet.Parse(node.Keyword, node.Flags, out var flagError);
        if (flagError is not null)
        {
            errors.Add(new(node.StartLine, flagError));
        }

        var args = node.Args;
        var name = StageNames.StageName(args);
        if (args.Count == 0)
        {
            errors.Add(new(node.StartLine, "FROM requires at least one argument"));
        }
        else if (args.Count != 1 && name is null)
        {
            errors.Add(new(node.StartLine, "FROM requires either one or three arguments"));
        }
        else if (name is not null && !StageNames.IsValid(name))
        {
            errors.Add(new(node.StartLine, $"invalid name for build stage: \"{args[2]}\", name can't start with a number or contain symbols"));
        }

        var written = args.Count > 0 ? args[0] : "";
        var reference = expansion.Expand(written, fromScope, node.StartLine, null);
        var baseStage = reference.Length > 0 ? names.Earlier(reference, index) : null;
        CheckBase(node.StartLine, written, reference, baseStage);
        return new DockerfileStage
        {
            Index = index,
            Name = name,
            Line = node.StartLine,
            BaseText = written,
            BaseReference = reference,
            BaseStageIndex = baseStage,
            Platform = Platform(node.StartLine, flags),
            Steps = [],
        };
    }

    private void CheckBase(int line, string written, string reference, int? baseStage)
    {
        if (reference.Length == 0 && written.Length > 0)
        {
            errors.Add(new(line, $"base name ({written}) should not be blank"));
        }
        else if (baseStage is null && reference.Length > 0 && reference != "scratch"
                 && !ImageReference.TryParse(reference, out _, out var problem))
        {
            errors.Add(new(line, $"failed to parse stage name \"{reference}\": invalid reference format: {problem}"));
        }
    }

    private string? Platform(int line, Dictionary<string, List<string>> flags)
    {
        if (!flags.TryGetValue("platform", out var values))
        {
            return null;
        }

        var platform = expansion.Expand(values[^1], fromScope, line, null);
        if (platform.Length == 0)
        {
            errors.Add(new(line, $"failed to parse platform {values[^1]}: the value is empty"));
        }

        return platform;
    }
}
