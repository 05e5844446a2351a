namespace BuildFarm.Agent.Docker;

/// <summary>The engine could not be reached or refused a request; the message is fit to show a user.</summary>
public sealed class DockerEngineException(string message, int? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
}
