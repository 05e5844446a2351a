namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>A word the lexer cannot process; caught at the lexer's edge and turned into a line error.</summary>
internal sealed class ShellSyntaxException(string message) : Exception(message);
