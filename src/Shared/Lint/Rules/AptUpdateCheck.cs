using BuildFarm.Shared.Lint.Commands;

namespace BuildFarm.Shared.Lint.Rules;

/// <summary>
/// apt-update-alone: <c>apt-get update</c> in a RUN that installs nothing. Its layer is cached on the RUN's text,
/// which never changes, so the package lists it holds are as old as the first build: a later install reads them,
/// asks the mirror for versions it has dropped (404) and installs whatever was current back then.
/// </summary>
internal sealed class AptUpdateCheck : ILintCheck
{
    public IEnumerable<LintFinding> Check(LintInput input)
    {
        foreach (var stage in input.Parsed.Stages)
        {
            for (var i = 0; i < stage.Steps.Count; i++)
            {
                if (stage.Steps[i].Keyword != "RUN")
                {
                    continue;
                }

                var apt = input.Script(stage.Steps[i]).Commands.Select(c => c.Apt).OfType<AptCommand>().ToList();
                var update = apt.FirstOrDefault(a => a.IsUpdate);
                if (update is null || apt.Any(a => a.ReadsLists))
                {
                    continue;
                }

                var install = stage.Steps.Skip(i + 1).FirstOrDefault(s =>
                    input.Script(s).Commands.Select(c => c.Apt).Any(a => a is { ReadsLists: true }));
                var later = install is null ? "any later install" : $"the install at line {install.StartLine}";
                yield return LintRules.AptUpdateAlone.At(stage.Steps[i].StartLine,
                    $"`{update.Program} update` runs in a RUN of its own: that layer is cached forever, so {later} reads package lists as old as the first build, fails with 404s once the mirror drops those versions, and never sees new ones.",
                    $"Update and install in one RUN, and clean up in it too: `RUN {update.Program} update && {update.Program} install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*`.");
            }
        }
    }
}
