using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Lint.Commands;

namespace BuildFarm.Shared.Lint;

/// <summary>What every rule reads: the parsed file, the caller's context, and each RUN's commands, read once.</summary>
internal sealed class LintInput(ParseResult parsed, LintContext? context)
{
    private readonly Dictionary<DockerfileStep, RunScript> _scripts = new(ReferenceEqualityComparer.Instance);

    public ParseResult Parsed => parsed;

    public LintContext? Context => context;

    public IEnumerable<DockerfileStep> Steps => parsed.Stages.SelectMany(s => s.Steps);

    public IEnumerable<DockerfileStep> Runs => Steps.Where(s => s.Keyword == "RUN");

    /// <summary>The commands a RUN step executes (none for other instructions).</summary>
    public RunScript Script(DockerfileStep step)
    {
        if (!_scripts.TryGetValue(step, out var script))
        {
            script = step.Keyword == "RUN" ? RunScript.Of(step) : RunScript.Empty;
            _scripts[step] = script;
        }

        return script;
    }
}

/// <summary>One rule's check over a whole file.</summary>
internal interface ILintCheck
{
    IEnumerable<LintFinding> Check(LintInput input);
}
