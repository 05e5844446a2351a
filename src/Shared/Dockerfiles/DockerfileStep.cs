namespace BuildFarm.Shared.Dockerfiles;

/// <summary>
/// One instruction of a build stage (everything after its FROM), with what BuildKit's cache key for it depends on:
/// the instruction after variable expansion, the build args and environment in scope, and COPY/ADD sources.
/// </summary>
public sealed record DockerfileStep
{
    /// <summary>The 1-based line the instruction starts on.</summary>
    public required int StartLine { get; init; }

    /// <summary>The 1-based line it ends on, after continuation lines and heredoc bodies.</summary>
    public required int EndLine { get; init; }

    /// <summary>The instruction keyword in upper case ("RUN", "COPY", …), whatever case it was written in.</summary>
    public required string Keyword { get; init; }

    /// <summary>
    /// The instruction as BuildKit sees it: the logical line (continuations joined) with its keyword upper-cased,
    /// and, for the instructions BuildKit expands (ADD COPY ENV EXPOSE LABEL STOPSIGNAL USER VOLUME WORKDIR ARG),
    /// variables expanded and quotes removed, e.g. "COPY src/ /app/src/". RUN, CMD, ENTRYPOINT, SHELL,
    /// HEALTHCHECK and ONBUILD are kept as written: their variables belong to the shell at build or run time,
    /// so for RUN the build args in <see cref="ArgsInScope"/> are what changes the cache key.
    /// </summary>
    public required string Text { get; init; }

    /// <summary>
    /// The vertex name BuildKit prints for this step (without the "[stage n/m]" prefix): like <see cref="Text"/>,
    /// but RUN has its set variables substituted for display and a heredoc RUN gets a "(first line...)" summary.
    /// </summary>
    public required string DisplayName { get; init; }

    /// <summary>The logical line as written, continuations joined and surrounding whitespace trimmed.</summary>
    public required string Original { get; init; }

    /// <summary>Flags by name without "--" (e.g. "mount", "from"), every value in order (repeatable flags keep
    /// all); a bare boolean flag reads "true". chown, chmod and checksum values are expanded, as BuildKit expands
    /// them; the others are as written (RUN's mounts, expanded field by field, are in <see cref="Mounts"/>).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Flags { get; init; }

    /// <summary>The arguments after the flags: the JSON array's items in exec form, otherwise as the instruction
    /// splits them (one string for RUN/CMD/ENTRYPOINT shell form; key, value, key, value… for ENV and LABEL;
    /// "name" or "name=default" for ARG), expanded where BuildKit expands (heredoc words stay as written).</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>True when the arguments were a JSON array (exec form).</summary>
    public required bool IsJsonForm { get; init; }

    /// <summary>COPY/ADD: the source paths after expansion (heredoc sources are in <see cref="Heredocs"/>); else empty.</summary>
    public IReadOnlyList<string> SourcePaths { get; init; } = [];

    /// <summary>COPY/ADD: the destination after expansion; otherwise null.</summary>
    public string? Destination { get; init; }

    /// <summary>COPY: the <c>--from</c> value as written (stage name, stage index or image), or null for the build context.</summary>
    public string? From { get; init; }

    /// <summary>COPY: the index of the stage <see cref="From"/> names, or null when it names an image or is absent.</summary>
    public int? FromStageIndex { get; init; }

    /// <summary>RUN: the <c>--mount</c> options, in order.</summary>
    public IReadOnlyList<RunMount> Mounts { get; init; } = [];

    /// <summary>RUN/COPY/ADD: the inline documents, in the order their bodies follow the instruction.</summary>
    public IReadOnlyList<DockerfileHeredoc> Heredocs { get; init; } = [];

    /// <summary>The build args in scope before this step runs (declared in this stage or a stage it is based on),
    /// with the value BuildKit gives them: the caller's build arg, else the default, else the global ARG's value.</summary>
    public required IReadOnlyList<DockerfileVariable> ArgsInScope { get; init; }

    /// <summary>The variables set by ENV in this stage (or a stage it is based on) before this step runs.
    /// The base image's own environment is not known to the parser.</summary>
    public required IReadOnlyList<DockerfileVariable> EnvInScope { get; init; }

    /// <summary>Variables this step's expansion referred to that were not set (they expanded to nothing, or to a
    /// default); such a variable may come from the base image's environment, which BuildKit would use.</summary>
    public IReadOnlyList<string> UnsetVariables { get; init; } = [];

    /// <summary>ONBUILD: the trigger instruction, parsed but not expanded (it runs in the child image's build).</summary>
    public DockerfileStep? OnBuild { get; init; }
}
