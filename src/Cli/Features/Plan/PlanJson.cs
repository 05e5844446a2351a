using System.Text.Json;

namespace BuildFarm.Cli.Features.Plan;

static class PlanJson
{
    // Nulls are written, not dropped: every documented field is always present.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Serialize<T>(T document) => JsonSerializer.Serialize(document, Options);
}
