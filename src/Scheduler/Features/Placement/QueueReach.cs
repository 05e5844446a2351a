using BuildFarm.Shared.Placement;

namespace BuildFarm.Scheduler.Features.Placement;

/// <summary>
/// How much of the queue a placement pass decides. Every submitted build, every result and every heartbeat asks for a
/// pass, and each used to read and decide the whole queue: in the load bench's backlog, 900 builds read, planned and
/// judged against 20 agents 5,000 times to place 1,200, the scheduler the busiest process on the host. Builds are
/// placed oldest first and no decision frees room, so once no agent has room every build after would wait: a pass
/// reads the queue's head, a page at a time, only while some agent has room, then the builds that need an answer
/// whatever the room (just queued, or cancelled while waiting; <see cref="PlacementQueue.ReadPressingAsync"/>).
/// </summary>
/// <remarks>
/// What the others' reasons lose is their figures, which <see cref="WaitingBuilds"/> writes at most every
/// <see cref="WaitingBuilds.FiguresRefresh"/> anyway: so a pass reads the whole queue once that has passed since the
/// last whole pass, and at once when an agent's standing changed (offline, back, drained, approved, relabelled;
/// <see cref="BuildPlacement.Standing"/>), since that changes the words of the reasons that name it; a whole pass
/// also finds the builds that waited past <c>Scheduler:MaxQueueMinutes</c>. Only passes use it, one at a time.
/// </remarks>
sealed class QueueReach
{
    /// <summary>The fewest builds a pass reads first; while an agent still has room after a page, the next is twice
    /// as long.</summary>
    public const int HeadPage = 32;

    /// <summary>The first page for <paramref name="room"/> places open: a few builds a place, since some of the oldest
    /// may not fit the agents with room, and each further page is a round trip to the database.</summary>
    public static int FirstPage(int room) => Math.Max(HeadPage, 4 * room);

    DateTimeOffset? _wholeAt;
    string? _standing;

    /// <summary>Whether the pass about to decide over <paramref name="cluster"/> reads the whole queue.</summary>
    public bool WholeDue(DateTimeOffset now, ClusterSnapshot cluster) =>
        _wholeAt is not { } at || now - at >= WaitingBuilds.FiguresRefresh || BuildPlacement.Standing(cluster) != _standing;

    /// <summary>Records a whole pass once it is saved: one that failed leaves the next to read the whole queue again.</summary>
    public void WholeSaved(DateTimeOffset at, ClusterSnapshot cluster)
    {
        _wholeAt = at;
        _standing = BuildPlacement.Standing(cluster);
    }
}
