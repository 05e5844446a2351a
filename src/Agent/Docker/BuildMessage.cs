using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuildFarm.Agent.Docker;

/// <summary>One JSON line of the <c>POST /build</c> response stream, as the engine sent it.</summary>
public sealed record BuildMessage(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("stream")] string? Stream,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("errorDetail")] BuildErrorDetail? ErrorDetail,
    [property: JsonPropertyName("aux")] JsonElement? Aux)
{
    /// <summary>The line itself, kept so traces can be recorded and replayed.</summary>
    [JsonIgnore]
    public string Raw { get; init; } = "";

    public static BuildMessage Parse(string line) =>
        (JsonSerializer.Deserialize<BuildMessage>(line) ?? throw new JsonException("empty build message")) with { Raw = line };
}

public sealed record BuildErrorDetail([property: JsonPropertyName("message")] string? Message);
