namespace BuildFarm.Data;

/// <summary>A cache key an agent reported it no longer holds, and when it last said so: what lets a build page say a
/// step missed because its agent pruned it, and when. One row per agent and key, the latest drop kept.</summary>
public class AgentCacheDrop
{
    public string AgentId { get; set; } = "";
    public string Key { get; set; } = "";
    public DateTimeOffset DroppedAt { get; set; }
}
