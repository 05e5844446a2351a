namespace BuildFarm.Agent.Features.Push;

/// <summary>A pushing build cannot get what it signs in with, or a registry would not take its image: the build fails
/// with this message, which names the registry and the reason.</summary>
public sealed class PushRefusedException(string message, Exception? inner = null) : Exception(message, inner);
