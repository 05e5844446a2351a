using System.Text.RegularExpressions;
using BuildFarm.Shared.Dockerfiles.Shell;
using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// Turns instruction nodes into stages and steps the way buildkit's instructions.Parse and dockerfile2llb read
/// them: ARGs before the first FROM are global (meta args), FROM lines expand only those and the platform args,
/// each stage keeps its own ARG/ENV scope, and the instructions BuildKit expands are expanded with it.
/// </summary>
internal sealed partial class StageBuilder
{
    private readonly IReadOnlyDictionary<string, string> _buildArgs;
    private readonly List<DockerfileError> _errors;
    private readonly ShellLexer _lexer;
    private readonly StageNames _names;
    private readonly VariableScope _fromScope = new();
    private readonly VariableScope _globalValues = new();
    private readonly VariableScope _globalArgs = new();
    private readonly List<StageState> _stages = [];

    private StageBuilder(LogicalLines lines, IReadOnlyDictionary<string, string> buildArgs)
    {
        _buildArgs = buildArgs;
        _errors = lines.Errors;
        _lexer = new ShellLexer(lines.Escape);
        _displayLexer = new ShellLexer(lines.Escape) { RawQuotes = true, SkipUnsetEnv = true };
        _names = new StageNames(lines.Nodes);
        foreach (var (name, value) in PlatformArgs.For(buildArgs))
        {
            _fromScope.Set(name, value);
            _globalValues.Set(name, value);
        }
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
            From(node);
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

        foreach (var (name, written) in ArgDeclarations(node))
        {
            // Meta args: a build arg replaces the default unexpanded; a default may use earlier global ARGs.
            var value = _buildArgs.TryGetValue(name, out var given) ? given
                : written is null ? null
                : Expand(written, _fromScope, node.StartLine, null);
            _globalArgs.Set(name, value);
            _globalValues.Set(name, value);
            _fromScope.Set(name, value ?? "");
        }
    }

    private List<(string Name, string? Value)> ArgDeclarations(InstructionNode node)
    {
        var declarations = new List<(string, string?)>();
        if (node.Args.Count == 0)
        {
            Error(node.StartLine, "ARG requires at least one argument");
        }

        foreach (var word in node.Args)
        {
            var eq = word.IndexOf('=');
            var name = eq < 0 ? word : word[..eq];
            if (name.Length == 0)
            {
                Error(node.StartLine, "ARG names can not be blank");
                continue;
            }

            declarations.Add((name, eq < 0 ? null : word[(eq + 1)..]));
        }

        return declarations;
    }

    private void Error(int line, string message) => _errors.Add(new DockerfileError(line, message));

    // instructions/parse.go validStageName, applied to the lower-cased name.
    [GeneratedRegex("^[a-z][a-z0-9_.-]*$")]
    private static partial Regex ValidStageName();
}
