using MassTransit;

namespace BuildFarm.Scheduler.Tests.Features.Placement;

/// <summary>Holds every StartBuild at the broker, the way a broker that takes the connection but never answers does,
/// until released; or refuses them the way an unreachable broker does.</summary>
sealed class HeldSends : ISendObserver, IDisposable
{
    readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _held;

    public volatile bool Refuse;

    public int Held => Volatile.Read(ref _held);

    public void Release() => _release.TrySetResult();

    /// <summary>Releases whatever is still held, so a failed test cannot leave the harness unable to stop.</summary>
    public void Dispose() => Release();

    public async Task PreSend<T>(SendContext<T> context) where T : class
    {
        if (context.Message is not Contracts.StartBuild)
            return;
        if (Refuse)
            throw new InvalidOperationException("Broker unreachable: connection refused (127.0.0.1:5672)");
        Interlocked.Increment(ref _held);
        await _release.Task;
    }

    public Task PostSend<T>(SendContext<T> context) where T : class => Task.CompletedTask;

    public Task SendFault<T>(SendContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
