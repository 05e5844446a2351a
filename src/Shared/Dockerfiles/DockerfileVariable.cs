namespace BuildFarm.Shared.Dockerfiles;

/// <summary>A build argument or environment variable as it stands at some point of a Dockerfile.</summary>
/// <param name="Name">The variable's name (case-sensitive, as on Linux).</param>
/// <param name="Value">Its value, or null for an <c>ARG</c> declared without a default and given no value.</param>
public sealed record DockerfileVariable(string Name, string? Value)
{
    /// <summary>"NAME=value", or just "NAME" when the variable has no value.</summary>
    /// <returns>The variable as an <c>ARG</c> line would write it.</returns>
    public override string ToString() => Value is null ? Name : $"{Name}={Value}";
}
