using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Lint.Commands;

namespace BuildFarm.Shared.Lint.Rules;

/// <summary>
/// broad-copy-before-install and manifest-not-copied-first. BuildKit keys a step on everything before it in the
/// layer chain, so an install placed after a COPY of source files re-runs whenever any of those files changes,
/// though the dependencies did not. The chain runs through stages built FROM earlier ones.
/// </summary>
internal sealed class CopyOrderCheck : ILintCheck
{
    public IEnumerable<LintFinding> Check(LintInput input)
    {
        var installs = new Dictionary<DockerfileStep, List<DependencyInstall>>(ReferenceEqualityComparer.Instance);
        foreach (var run in input.Runs)
        {
            installs[run] = input.Script(run).Commands.Select(c => c.Install).OfType<DependencyInstall>().ToList();
        }

        var referenced = installs.Values.SelectMany(i => i).SelectMany(i => i.Manifests).Select(ManifestFiles.Name).ToHashSet();
        var chains = new List<ContextSource>[input.Parsed.Stages.Count];
        var reportedCopies = new HashSet<int>();
        var findings = new List<LintFinding>();
        foreach (var stage in input.Parsed.Stages)
        {
            var chain = stage.BaseStageIndex is int b && b < stage.Index && chains[b] is { } inherited ? [.. inherited] : new List<ContextSource>();
            foreach (var step in stage.Steps)
            {
                if (ContextSource.FromCopy(step, referenced) is { } copy)
                {
                    chain.Add(copy);
                }
                else if (step.Keyword == "RUN" && installs[step] is { Count: > 0 } runInstalls)
                {
                    var sources = chain.Concat(ContextSource.FromMounts(step, referenced)).ToList();
                    CheckRun(step, runInstalls, sources, reportedCopies, findings);
                }
            }

            chains[stage.Index] = chain;
        }

        return findings;
    }

    private static void CheckRun(DockerfileStep run, List<DependencyInstall> installs, List<ContextSource> sources,
        HashSet<int> reportedCopies, List<LintFinding> findings)
    {
        var manifestReported = false;
        foreach (var install in installs)
        {
            if (LatestMixedSource(install, sources) is var (manifest, source))
            {
                if (!manifestReported)
                {
                    findings.Add(ManifestFinding(run.StartLine, install, manifest, source));
                    manifestReported = true;
                }

                continue;
            }

            foreach (var broad in sources.Where(s => s.WholeContext && s.Line < run.StartLine && reportedCopies.Add(s.Line)))
            {
                findings.Add(LintRules.BroadCopyBeforeInstall.At(broad.Line,
                    $"`{broad.Text}` puts the whole build context into the layer chain before `{install.Command}` (line {run.StartLine}), which does not read it: every source change invalidates that install's cache and it runs again.",
                    "Move the install above this COPY, or copy only the files the install needs before it, so a source change re-runs only the steps after the COPY."));
            }
        }
    }

    // The last source to bring each manifest decides the install's cache key; one that brings more than manifests
    // ties the install to unrelated files.
    private static (string Manifest, ContextSource Source)? LatestMixedSource(DependencyInstall install, List<ContextSource> sources)
    {
        foreach (var manifest in install.Manifests)
        {
            var segments = ManifestFiles.Segments(manifest);
            var source = sources.LastOrDefault(s => s.Brings(segments));
            if (source is { ManifestsOnly: false })
            {
                return (manifest, source);
            }
        }

        return null;
    }

    private static LintFinding ManifestFinding(int line, DependencyInstall install, string manifest, ContextSource source)
    {
        var name = ManifestFiles.Name(manifest);
        var what = source.WholeContext ? "with the whole build context" : "together with other files";
        var projectInstall = name is "pyproject.toml" or "setup.py" or "setup.cfg";
        var fix = projectInstall
            ? $"Copy {name} (and its lock file) on its own and install only the dependencies from it (e.g. `uv sync --no-install-project`, `poetry install --no-root`, or `pip install -r requirements.txt`), then copy the source and install the project with `--no-deps`."
            : $"Copy the manifest on its own and install from it, then copy the rest: `COPY {name} {Folder(manifest)}` then `RUN {install.Command}`, and `{source.Text}` after it.";
        return LintRules.ManifestNotCopiedFirst.At(line,
            $"`{install.Command}` reads {name}, which reaches the image {what} (`{source.Text}`, line {source.Line}): any change to those files re-runs the install, though the dependencies did not change.",
            fix);
    }

    private static string Folder(string manifest)
    {
        var slash = manifest.LastIndexOf('/');
        return slash < 0 ? "./" : manifest[..(slash + 1)];
    }
}
