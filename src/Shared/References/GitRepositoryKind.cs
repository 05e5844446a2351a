namespace BuildFarm.Shared.References;

/// <summary>What a build's repository string points at.</summary>
public enum GitRepositoryKind
{
    /// <summary>Not a git URL the farm accepts.</summary>
    Invalid,

    /// <summary>A network URL: https://, http://, ssh://, git:// or scp-like user@host:path.</summary>
    Remote,

    /// <summary>A repository on the agent's own disk: file:// or an absolute path.</summary>
    Local,
}
