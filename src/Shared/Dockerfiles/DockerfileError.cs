namespace BuildFarm.Shared.Dockerfiles;

/// <summary>A problem found in a Dockerfile, at the line where its instruction starts (1-based).</summary>
/// <param name="Line">The 1-based line number of the instruction (or directive) at fault.</param>
/// <param name="Message">What is wrong, worded like BuildKit's own message where BuildKit has one.</param>
public sealed record DockerfileError(int Line, string Message)
{
    /// <summary>"line 7: unknown instruction: RUNN".</summary>
    /// <returns>The error as users see it.</returns>
    public override string ToString() => $"line {Line}: {Message}";
}
