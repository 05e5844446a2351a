using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Features.Builds;
using BuildFarm.Agent.Protos.BuildKit;
using BuildFarm.Contracts;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace BuildFarm.Agent.Tests.Features.Builds;

/// <summary>Recorded <c>POST /build</c> streams (Fixtures/buildkit, see its README) and hand-made progress messages.</summary>
public static class BuildKitTraces
{
    public static IReadOnlyList<BuildMessage> Read(string name) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "buildkit", name)).Select(BuildMessage.Parse).ToList();

    /// <summary>Feeds a recorded stream to a tracker and returns every event it produced, in order.</summary>
    public static List<object> Replay(StepTracker tracker, IEnumerable<BuildMessage> messages)
    {
        var events = new List<object>();
        foreach (var message in messages)
        {
            if (BuildTrace.Status(message) is { } status)
                events.AddRange(tracker.Observe(status, DateTimeOffset.UnixEpoch));
        }
        return events;
    }

    /// <summary>The lines a step's <see cref="StepLogged"/> batches carried, in their order, after checking the
    /// batches are numbered 0, 1, 2... as they were sent.</summary>
    public static List<string> LogOf(IEnumerable<object> events, int index)
    {
        var batches = events.OfType<StepLogged>().Where(l => l.Index == index).ToList();
        Assert.Equal(Enumerable.Range(0, batches.Count), batches.Select(b => b.Seq));
        return batches.SelectMany(b => b.Lines).ToList();
    }

    public static Vertex Vertex(string digest, string name, DateTimeOffset? started = null, DateTimeOffset? completed = null,
        bool cached = false, string error = "") =>
        new()
        {
            Digest = digest,
            Name = name,
            Started = started is { } s ? Timestamp.FromDateTimeOffset(s) : null,
            Completed = completed is { } c ? Timestamp.FromDateTimeOffset(c) : null,
            Cached = cached,
            Error = error,
        };

    public static StatusResponse Status(params Vertex[] vertexes)
    {
        var status = new StatusResponse();
        status.Vertexes.AddRange(vertexes);
        return status;
    }

    public static StatusResponse Log(string digest, string text, long stream = 1)
    {
        var status = new StatusResponse();
        status.Logs.Add(new VertexLog { Vertex = digest, Stream = stream, Msg = ByteString.CopyFromUtf8(text), Timestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch) });
        return status;
    }
}
