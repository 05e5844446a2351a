namespace BuildFarm.Data;

/// <summary>Something an admin should look at (the hit rate fell, a base tag moved, a step that passed now fails),
/// with its likely cause; optionally delivered to a webhook by an outbox sender, never by the code that raised it.</summary>
public class Alert
{
    public Guid Id { get; set; }
    /// <summary>What makes two raisings the same alert ("base-moved:ref:old:new", "hit-rate-drop:2026-12-05"): unique,
    /// so a watch and a submit that see one move at once, or two Web processes, store it once.</summary>
    public string Key { get; set; } = "";
    /// <summary>One of <c>AlertKinds</c>.</summary>
    public string Kind { get; set; } = "";
    public DateTimeOffset RaisedAt { get; set; }
    public string Title { get; set; } = "";
    public string Detail { get; set; } = "";
    public string? LikelyCause { get; set; }
    public Guid? BuildId { get; set; }
    public string? Reference { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    /// <summary>When the webhook took it; null while undelivered (or when no webhook is set).</summary>
    public DateTimeOffset? DeliveredAt { get; set; }
    public int DeliveryAttempts { get; set; }
    /// <summary>Not before this time is delivery tried again: the outbox's back-off between passes.</summary>
    public DateTimeOffset? NextDeliveryAt { get; set; }
    public string? DeliveryError { get; set; }
}
