using System.Text.Json.Serialization;

namespace BuildFarm.Shared.Lint;

/// <summary>How much a finding costs; serialized as its lower-case name ("error", "warning", "info").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LintSeverity>))]
public enum LintSeverity
{
    /// <summary>Worth knowing; costs little.</summary>
    [JsonStringEnumMemberName("info")]
    Info,

    /// <summary>Costs cache hits, time or image size on some builds.</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,

    /// <summary>Makes builds unreproducible or breaks them once the world moves.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
}
