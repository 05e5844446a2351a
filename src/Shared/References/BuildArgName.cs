using System.Text.RegularExpressions;

namespace BuildFarm.Shared.References;

/// <summary>Names of build arguments (ARG in a Dockerfile, --build-arg on the command line).</summary>
public static partial class BuildArgName
{
    /// <summary>True when the name is an identifier: an ASCII letter or '_', then letters, digits or '_'.</summary>
    /// <param name="name">The build argument's name.</param>
    /// <returns>Whether the name can be used.</returns>
    public static bool IsValid(string? name) => name is not null && Identifier().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex Identifier();
}
