using BuildFarm.Shared.Dockerfiles.Shell;
using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// Turns instruction nodes into stages and steps the way buildkit's instructions.Parse and dockerfile2llb read
/// them: ARGs before the first FROM are global (meta args), FROM lines expand only those and the platform args,
/// each stage keeps its own ARG/ENV scope, and the instructions BuildKit expands are expanded with it.
/// </summary>
internal sealed class StageBuilder
{
    private readonly IReadOnlyDictionary<string, string> _buildArgs;
    private readonly List<DockerfileError> _errors;
    private readonly StepExpansion _expansion;
    private readonly VariableScope _fromScope = new();
    private readonly VariableScope _globalValues = new();
    private readonly VariableScope _globalArgs = new();
    private readonly List<StageState> _stages = [];
    private readonly StageHeaders _headers;
    private readonly ExpandedSteps _expanded;
    private readonly VerbatimSteps _verbatim;
    private readonly CopySteps _copies;

    private StageBuilder(LogicalLines lines, IReadOnlyDictionary<string, string> buildArgs)
    {
        _buildArgs = buildArgs;
        _errors = lines.Errors;
        _expansion = new StepExpansion(lines.Escape, _errors);
        foreach (var (name, value) in PlatformArgs.For(buildArgs))
        {
            _fromScope.Set(name, value);
            _globalValues.Set(name, value);
        }

        var names = new StageNames(lines.Nodes);
        var references = new StageReferences(names, _expansion, _errors);
        _headers = new StageHeaders(names, _expansion, _fromScope, _errors);
        _expanded = new ExpandedSteps(_expansion, buildArgs, _globalValues, _errors);
        _verbatim = new VerbatimSteps(_expansion, references, _errors);
        _copies = new CopySteps(_expansion, references, _errors);
    }

    public static (List<DockerfileStage> Stages, IReadOnlyList<DockerfileVariable> GlobalArgs) Build(
        LogicalLines lines, IReadOnlyDictionary<string, string> buildArgs)
    {
        var builder = new StageBuilder(lines, buildArgs);
        foreach (var node in lines.Nodes)
        {
            builder.Dispatch(node);
        }

        if (builder._stages.Count == 0)
        {
            var last = lines.Nodes.Count > 0 ? lines.Nodes[^1].EndLine : 1;
            builder.Error(last, "no FROM instruction: the Dockerfile has no build stage");
        }

        return (builder._stages.Select(s => s.Finish()).ToList(), builder._globalArgs.Snapshot());
    }

    private void Dispatch(InstructionNode node)
    {
        if (node.Error is not null)
        {
            Error(node.StartLine, node.Error);
            return;
        }

        if (!IsKnown(node.Keyword))
        {
            Error(node.StartLine, $"unknown instruction: {node.Keyword.ToUpperInvariant()}");
            return;
        }

        if (node.Keyword == "from")
        {
            var header = _headers.Read(node, _stages.Count);
            _stages.Add(new StageState(header, header.BaseStageIndex is { } b ? _stages[b] : null));
        }
        else if (_stages.Count == 0 && node.Keyword == "arg")
        {
            GlobalArg(node);
        }
        else if (_stages.Count == 0)
        {
            Error(node.StartLine, "no build stage in current context");
        }
        else
        {
            Step(_stages[^1], node);
        }
    }

    private static bool IsKnown(string keyword) => keyword is "add" or "arg" or "cmd" or "copy" or "entrypoint" or "env"
        or "expose" or "from" or "healthcheck" or "label" or "maintainer" or "onbuild" or "run" or "shell"
        or "stopsignal" or "user" or "volume" or "workdir";

    private void GlobalArg(InstructionNode node)
    {
        FlagSet.Parse(node.Keyword, node.Flags, out var flagError);
        if (flagError is not null)
        {
            Error(node.StartLine, flagError);
        }

        foreach (var (name, written) in ArgDeclarations.Read(node, _errors))
        {
            // Meta args: a build arg replaces the default unexpanded; a default may use earlier global ARGs.
            var value = _buildArgs.TryGetValue(name, out var given) ? given
                : written is null ? null
                : _expansion.Expand(written, _fromScope, node.StartLine, null);
            _globalArgs.Set(name, value);
            _globalValues.Set(name, value);
            _fromScope.Set(name, value ?? "");
        }
    }

    private void Step(StageState stage, InstructionNode node)
    {
        var flags = FlagSet.Parse(node.Keyword, node.Flags, out var flagError);
        if (flagError is not null)
        {
            Error(node.StartLine, flagError);
        }

        var unset = new List<string>();
        var step = node.Keyword switch
        {
            "run" => _verbatim.Run(stage, node, flags, unset),
            "copy" or "add" => _copies.Read(stage, node, flags, unset),
            "env" or "label" => _expanded.KeyValues(stage, node, flags, unset),
            "arg" => _expanded.Arg(stage, node, flags, unset),
            "workdir" or "user" or "stopsignal" => _expanded.Single(stage, node, flags, unset),
            "expose" => _expanded.Expose(stage, node, flags, unset),
            "volume" => _expanded.Volume(stage, node, flags, unset),
            "onbuild" => _verbatim.OnBuild(stage, node, flags),
            _ => _verbatim.Other(stage, node, flags),
        };
        stage.Steps.Add(step);
    }

    private void Error(int line, string message) => _errors.Add(new DockerfileError(line, message));
}
