namespace BuildFarm.Data;

/// <summary>One recorded state change of a build: the audit trail the build page shows.</summary>
public class BuildEvent
{
    public long Id { get; set; }
    public Guid BuildId { get; set; }
    public DateTimeOffset At { get; set; }
    public string Status { get; set; } = "";
    public string Message { get; set; } = "";
}
