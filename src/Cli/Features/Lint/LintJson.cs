using System.Text.Encodings.Web;
using System.Text.Json;
using BuildFarm.Shared.Lint;

namespace BuildFarm.Cli.Features.Lint;

/// <summary><c>lint --json</c>: exactly <c>{"findings":[{"rule","line","severity","message","fix"}]}</c>; scripts
/// read these fields, so they are never renamed (waived findings are left out, as in the text output).</summary>
static class LintJson
{
    // Messages quote Dockerfile text ('latest', <digest>, `COPY . .`): escaping them for HTML would only garble them
    // for people and scripts; the output goes to a terminal or a pipe, never into a page.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(LintReport report) => JsonSerializer.Serialize(
        new Document(report.Findings.Select(f => new Finding(f.Rule, f.Line, f.SeverityName, f.Message, f.Fix)).ToList()),
        Options);

    private sealed record Document(IReadOnlyList<Finding> Findings);

    private sealed record Finding(string Rule, int Line, string Severity, string Message, string Fix);
}
