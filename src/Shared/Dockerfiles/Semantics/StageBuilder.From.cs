using BuildFarm.Shared.Dockerfiles.Syntax;
using BuildFarm.Shared.References;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

internal sealed partial class StageBuilder
{
    private void From(InstructionNode node)
    {
        var index = _stages.Count;
        var flags = FlagSet.Parse(node.Keyword, node.Flags, out var flagError);
        if (flagError is not null)
        {
            Error(node.StartLine, flagError);
        }

        var args = node.Args;
        var name = StageNames.StageName(args);
        if (args.Count == 0)
        {
            Error(node.StartLine, "FROM requires at least one argument");
        }
        else if (args.Count != 1 && name is null)
        {
            Error(node.StartLine, "FROM requires either one or three arguments");
        }
        else if (name is not null && !ValidStageName().IsMatch(name))
        {
            Error(node.StartLine, $"invalid name for build stage: \"{args[2]}\", name can't start with a number or contain symbols");
        }

        var written = args.Count > 0 ? args[0] : "";
        var reference = Expand(written, _fromScope, node.StartLine, null);
        var baseStage = reference.Length > 0 ? _names.Earlier(reference, index) : null;
        CheckBase(node.StartLine, written, reference, baseStage);
        var header = new DockerfileStage
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
        _stages.Add(new StageState(header, baseStage is { } b ? _stages[b] : null));
    }

    private void CheckBase(int line, string written, string reference, int? baseStage)
    {
        if (reference.Length == 0 && written.Length > 0)
        {
            Error(line, $"base name ({written}) should not be blank");
        }
        else if (baseStage is null && reference.Length > 0 && reference != "scratch"
                 && !ImageReference.TryParse(reference, out _, out var problem))
        {
            Error(line, $"failed to parse stage name \"{reference}\": invalid reference format: {problem}");
        }
    }

    private string? Platform(int line, Dictionary<string, List<string>> flags)
    {
        if (!flags.TryGetValue("platform", out var values))
        {
            return null;
        }

        var platform = Expand(values[^1], _fromScope, line, null);
        if (platform.Length == 0)
        {
            Error(line, $"failed to parse platform {values[^1]}: the value is empty");
        }

        return platform;
    }
}
