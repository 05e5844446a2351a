using BuildFarm.Shared.Dockerfiles.Shell;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// A stage while its steps are read: the ARGs declared so far, the ENV set so far, and the environment expansion
/// sees (both, the later setting winning, as AddEnv on BuildKit's llb.State). A stage built on an earlier stage
/// starts from that stage's final state: its ENV, and its ARGs too (BuildKit, moby/buildkit#5381).
/// </summary>
internal sealed class StageState
{
    public StageState(DockerfileStage header, StageState? parent)
    {
        Header = header;
        Args = parent is null ? new VariableScope() : new VariableScope(parent.Args);
        Env = parent is null ? new VariableScope() : new VariableScope(parent.Env);
        Expansion = parent is null ? new VariableScope() : new VariableScope(parent.Expansion);
    }

    /// <summary>The FROM line's data; its Steps are filled in when the stage ends.</summary>
    public DockerfileStage Header { get; }

    public VariableScope Args { get; }

    public VariableScope Env { get; }

    public VariableScope Expansion { get; }

    public List<DockerfileStep> Steps { get; } = [];

    public void DeclareArg(string name, string? value)
    {
        Args.Set(name, value);
        if (value is not null)
        {
            Expansion.Set(name, value);
        }
    }

    public void SetEnv(string name, string value)
    {
        Env.Set(name, value);
        Expansion.Set(name, value);
    }

    public DockerfileStage Finish() => Header with { Steps = Steps.ToArray() };
}
