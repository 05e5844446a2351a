using BuildFarm.Agent.Docker;

namespace BuildFarm.Agent.Tests.Engines;

/// <summary>Every part of one engine, over one connection, as the agent's services get them.</summary>
public sealed class TestEngine : IDisposable
{
    public TestEngine(string host, TimeSpan? requestTimeout = null)
    {
        Connection = new EngineConnection(host, requestTimeout);
        System = new EngineSystem(Connection);
        Images = new EngineImages(Connection);
        Containers = new EngineContainers(Connection);
        BuildCache = new EngineBuildCache(Connection);
    }

    public EngineConnection Connection { get; }

    public string Host => Connection.Host;

    public EngineSystem System { get; }

    public EngineImages Images { get; }

    public EngineContainers Containers { get; }

    public EngineBuildCache BuildCache { get; }

    public void Dispose() => Connection.Dispose();
}
