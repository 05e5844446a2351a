namespace BuildFarm.Web.Features.Live;

/// <summary>Fans the bus's change notices out to the open pages of this process. Pages re-read the database on a
/// notice, so a notice only needs to say what changed, never how.</summary>
public sealed class LiveUpdates(ILogger<LiveUpdates> log)
{
    public event Action<Guid>? BuildChanged;
    public event Action<string>? AgentChanged;
    /// <summary>The same notices with the status the build had when it changed (null when the sender did not say):
    /// for listeners that care about one status only, so they need not read every running build's every step.</summary>
    public event Action<(Guid BuildId, string? Status)>? BuildStatusNoticed;

    public void NotifyBuildChanged(Guid buildId, string? status = null)
    {
        Raise(BuildChanged, buildId);
        Raise(BuildStatusNoticed, (buildId, status));
    }

    public void NotifyAgentChanged(string agentId) => Raise(AgentChanged, agentId);

    void Raise<T>(Action<T>? handlers, T arg)
    {
        if (handlers is null)
            return;
        // One broken page must not keep the others (or the consumer) from hearing about the change.
        foreach (var handler in handlers.GetInvocationList().Cast<Action<T>>())
        {
            try
            {
                handler(arg);
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "A live page failed to take a change notice for {Subject}", arg);
            }
        }
    }
}
