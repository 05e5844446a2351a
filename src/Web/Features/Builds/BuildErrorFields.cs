namespace BuildFarm.Web.Features.Builds;

/// <summary>Files each validation sentence under the API field it names, so a script can point at the bad field.
/// The validator starts every sentence with the field's name; a refusal at submit with what no agent has.</summary>
static class BuildErrorFields
{
    static readonly (string Prefix, string Field)[] Fields =
    [
        ("Repository", "repository"),
        ("Ref", "ref"),
        ("Context path", "contextPath"),
        ("Dockerfile path", "dockerfilePath"),
        ("Target", "target"),
        ("Build arg", "buildArgs"),
        ("Tag", "tags"),
        ("Check", "check"),
        ("Required label", "requiredLabels"),
        // Refusals at submit: what no registered agent has, under the field that asked for it.
        ("No registered agent has labels", "requiredLabels"),
        ("No registered agent builds for", "target"),
        ("No registered agent", "check"),
    ];

    public static Dictionary<string, string[]> ByField(IEnumerable<string> errors) =>
        errors
            .GroupBy(FieldOf)
            .ToDictionary(g => g.Key, g => g.ToArray());

    public static string FieldOf(string error) =>
        Fields.FirstOrDefault(f => error.StartsWith(f.Prefix, StringComparison.Ordinal)).Field ?? "build";
}
