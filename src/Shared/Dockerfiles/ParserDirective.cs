namespace BuildFarm.Shared.Dockerfiles;

/// <summary>
/// A parser directive (<c># syntax=</c>, <c># escape=</c>, <c># check=</c>) from the top of a Dockerfile.
/// </summary>
/// <param name="Name">The directive's name, lower-cased (BuildKit matches directive names case-insensitively).</param>
/// <param name="Value">The value with surrounding whitespace removed, case kept.</param>
/// <param name="Line">The 1-based line it was written on.</param>
public sealed record ParserDirective(string Name, string Value, int Line);
