namespace BuildFarm.Data;

/// <summary>A cache-key chain step an agent holds in its BuildKit cache, as far as the farm knows.</summary>
public class AgentCacheKey
{
    public string AgentId { get; set; } = "";
    public string Key { get; set; } = "";
}
