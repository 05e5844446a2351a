namespace BuildFarm.Agent.Features.Builds;

/// <summary>The build's source or context is unusable (unknown repository or ref, missing Dockerfile, a path that
/// escapes the repository); the message is what the user sees on the build page.</summary>
public sealed class BuildSourceException(string message, Exception? inner = null) : Exception(message, inner);
