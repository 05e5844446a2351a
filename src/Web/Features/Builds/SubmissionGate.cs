namespace BuildFarm.Web.Features.Builds;

/// <summary>
/// How many submissions Web plans at once (<c>Farm:PlanningConcurrency</c>, half the cores by default); the others
/// wait their turn, in the order they came as near as the runtime's semaphore keeps it, and none is refused.
/// Planning a submission is a git fetch, reads of the Dockerfile and its bases, and a few writes: batch work, which CI
/// pipelines send in bursts. The load bench found the dashboard's slow pages inside such bursts (four clients at full
/// speed, Web and its git processes a fifth of the host): a burst planned a few at a time takes a little longer and
/// leaves the pages, where a person waits, their turn on the cores.
/// </summary>
public sealed class SubmissionGate
{
    readonly SemaphoreSlim _turns;

    public SubmissionGate(int width)
    {
        if (width < 1)
            throw new ArgumentOutOfRangeException(nameof(width), width, "Farm:PlanningConcurrency must be 1 or more.");
        Width = width;
        _turns = new SemaphoreSlim(width, width);
    }

    public int Width { get; }

    /// <summary>Half the cores, at least one.</summary>
    public static int DefaultWidth => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Waits for a turn; dispose the result when the submission is stored or refused.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _turns.WaitAsync(cancellationToken);
        return new Turn(_turns);
    }

    sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        SemaphoreSlim? _turns = turns;

        public void Dispose() => Interlocked.Exchange(ref _turns, null)?.Release();
    }
}
