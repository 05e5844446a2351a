using System.Text.RegularExpressions;
using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Lint.Waivers;

/// <summary>
/// Reads waiver comments and applies them. The Dockerfile parser drops comments, as BuildKit does, so they are
/// found on the physical lines here; lines inside here-document bodies are data, not comments, and are skipped.
/// <c># farm-lint ignore=RULE[,RULE] reason</c> waives the instruction it sits in or above;
/// <c># farm-lint ignore-file=RULE[,RULE] reason</c> waives the whole file.
/// </summary>
internal static partial class WaiverComments
{
    public static LintReport Apply(string text, ParseResult parsed, IEnumerable<LintFinding> findings)
    {
        var waivers = Read(text, parsed);
        var kept = new List<LintFinding>();
        var waived = new List<WaivedFinding>();
        foreach (var finding in findings)
        {
            if (waivers.FirstOrDefault(w => w.Covers(finding)) is { } waiver)
            {
                waived.Add(new WaivedFinding(finding, waiver.Line, waiver.Reason));
            }
            else
            {
                kept.Add(finding);
            }
        }

        kept.AddRange(waivers.SelectMany(Problems));
        return new LintReport(kept.OrderBy(f => f.Line).ThenBy(f => f.Rule, StringComparer.Ordinal).ToList(), waived, []);
    }

    private static List<Waiver> Read(string text, ParseResult parsed)
    {
        var waivers = new List<Waiver>();
        if (!text.Contains("farm-lint", StringComparison.Ordinal))
        {
            return waivers;
        }

        var instructions = parsed.Stages.Select(s => (Start: s.Line, End: s.Line))
            .Concat(parsed.Stages.SelectMany(s => s.Steps).Select(s => (Start: s.StartLine, End: s.EndLine)))
            .OrderBy(i => i.Start).ToList();
        var documents = parsed.Stages.SelectMany(s => s.Steps).Where(s => s.Heredocs.Count > 0).Select(s => (s.StartLine, s.EndLine)).ToList();
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            if (WaiverLine().Match(line.Trim()) is not { Success: true } match || documents.Any(d => number > d.StartLine && number <= d.EndLine))
            {
                continue;
            }

            var wholeFile = match.Groups["kind"].Value == "ignore-file";
            var target = instructions.FirstOrDefault(i => i.End >= number);
            var rules = match.Groups["rules"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            waivers.Add(new Waiver(number, rules, match.Groups["reason"].Value.Trim(), wholeFile, target == default ? null : target.Start));
        }

        return waivers;
    }

    private static IEnumerable<LintFinding> Problems(Waiver waiver)
    {
        const string fix = "Write `# farm-lint ignore=<rule> <why it is fine here>` with rule ids from docs/lint-rules.md (several ids are separated by commas).";
        var unknown = waiver.Rules.Where(r => LintRules.Find(r) is null).ToList();
        if (waiver.Rules.Count == 0)
        {
            yield return LintRules.BadWaiver.At(waiver.Line, "This waiver names no rule, so it waives nothing.", fix);
        }
        else if (unknown.Count > 0)
        {
            yield return LintRules.BadWaiver.At(waiver.Line,
                $"This waiver names {string.Join(", ", unknown.Select(r => $"'{r}'"))}, which no rule has, so it waives nothing (known: {string.Join(", ", LintRules.All.Select(r => r.Id))}).", fix);
        }

        if (waiver.Reason.Length == 0)
        {
            yield return LintRules.BadWaiver.At(waiver.Line, "This waiver gives no reason: whoever reads the Dockerfile next cannot tell whether it still holds.", fix);
        }
    }

    [GeneratedRegex(@"^#\s*farm-lint\s*:?\s+(?<kind>ignore|ignore-file)\s*=\s*(?<rules>[^\s]*)(?<reason>.*)$")]
    private static partial Regex WaiverLine();
}
