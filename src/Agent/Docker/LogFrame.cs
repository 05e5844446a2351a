namespace BuildFarm.Agent.Docker;

/// <summary>One chunk of a container's output: <see cref="Stream"/> is <see cref="Stdout"/> or <see cref="Stderr"/>.</summary>
public sealed record LogFrame(int Stream, byte[] Payload)
{
    public const int Stdout = 1;
    public const int Stderr = 2;
}
