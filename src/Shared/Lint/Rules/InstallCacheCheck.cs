using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Lint.Commands;

namespace BuildFarm.Shared.Lint.Rules;

/// <summary>
/// install-without-cache: pip, uv, apt and conda installs that keep their downloads in the layer. The image grows
/// by the package manager's cache (hundreds of MB for a torch wheel, GBs of conda packages), every push and pull
/// moves it, and when the layer misses nothing is reused. A cache mount keeps the downloads between builds and
/// outside the image; a flag or a cleanup in the same RUN at least keeps them out of the image.
/// </summary>
internal sealed class InstallCacheCheck : ILintCheck
{
    private static readonly string[] Falsy = ["", "0", "false", "no", "off"];

    public IEnumerable<LintFinding> Check(LintInput input)
    {
        foreach (var run in input.Runs)
        {
            var commands = input.Script(run).Commands.ToList();
            if (commands.Count == 0)
            {
                continue;
            }

            var facts = new RunFacts(run, commands);
            foreach (var tool in ToolCaches.All)
            {
                if (tool.Installs(facts) is { } install && !tool.Avoided(facts))
                {
                    yield return LintRules.InstallWithoutCache.At(run.StartLine,
                        $"`{install.Text}` {tool.Why}", tool.Fix);
                }
            }
        }
    }

    /// <summary>What the cache checks read from one RUN.</summary>
    internal sealed class RunFacts(DockerfileStep run, List<CommandLine> commands)
    {

        public List<CommandLine> Commands => commands;

        public IEnumerable<string> CacheMounts => run.Mounts.Where(m => m.Type == "cache" && m.Target is not null).Select(m => m.Target!);

        public bool EnvSet(string name) => Env(name) is { } value && !Falsy.Contains(value.ToLowerInvariant());

        // The last ENV wins; a few lookups per installing RUN, so no dictionary of the whole environment.
        public string? Env(string name) => run.EnvInScope.LastOrDefault(v => v.Name == name)?.Value;

        public bool Removes(Func<string, bool> path) =>
            commands.Any(c => c.Program == "rm" && c.Args.Any(a => !a.StartsWith('-') && path(a)));

        public bool MountsAt(Func<string, bool> target, string? envDir) =>
            CacheMounts.Any(t => target(t) || (envDir is not null && t.TrimEnd('/') == envDir.TrimEnd('/')));
    }
}
