using System.Text.RegularExpressions;
using BuildFarm.Shared.Lint.Commands;

namespace BuildFarm.Shared.Lint.Rules;

/// <summary>
/// moving-remote: a RUN that fetches something that changes under the same name (a branch, the script behind an
/// install URL). BuildKit keys the layer on the RUN's text, which never changes, so the farm reuses the first
/// fetch forever while a fresh host, or a cache miss, gets whatever the remote holds that day.
/// </summary>
internal sealed partial class MovingRemoteCheck : ILintCheck
{
    private const string ReuseNote = "the layer is cached on the RUN's text, which never changes, so the farm reuses the first fetch forever while a fresh host or a cache miss gets whatever the remote holds that day.";

    private static readonly HashSet<string> Fetchers = ["curl", "wget"];

    private static readonly HashSet<string> Interpreters = ["sh", "bash", "dash", "zsh", "ash", "ksh", "perl", "ruby", "node", "php", "eval", "source", "."];

    public IEnumerable<LintFinding> Check(LintInput input)
    {
        foreach (var run in input.Runs)
        {
            var script = input.Script(run);
            var messages = new List<(string Message, string Fix)>();
            foreach (var sequence in script.Sequences)
            {
                PipedScripts(sequence, messages);
            }

            var commands = script.Commands.ToList();
            var pinnedLater = commands.Any(c => c.Git is { Subcommand: "checkout" or "reset" or "switch" or "fetch" } git
                && git.Args.Operands.Any(GitRefs.IsFixed));
            foreach (var command in commands)
            {
                Clone(command, pinnedLater, messages);
                PipFromGit(command, messages);
                BranchArchive(command, messages);
            }

            foreach (var (message, fix) in messages.Distinct())
            {
                yield return LintRules.MovingRemote.At(run.StartLine, message, fix);
            }
        }
    }

    private static bool IsInterpreter(CommandLine command) => Interpreters.Contains(command.Program) || Python().IsMatch(command.Program);

    private static void PipedScripts(IReadOnlyList<CommandLine> sequence, List<(string, string)> messages)
    {
        const string fix = "Download a fixed version, check it, then run it: `curl -fsSLo install.sh <versioned URL> && echo \"<sha256>  install.sh\" | sha256sum -c - && sh install.sh` (or `ADD --checksum=sha256:<digest> <url> /tmp/install.sh`).";
        for (var i = 0; i < sequence.Count; i++)
        {
            var command = sequence[i];
            if (Fetchers.Contains(command.Program))
            {
                for (var j = i + 1; j < sequence.Count && sequence[j].Source.ReadsPipe; j++)
                {
                    if (IsInterpreter(sequence[j]))
                    {
                        messages.Add(($"`{command.Program} … | {sequence[j].Program}` runs whatever the URL serves at build time, but {ReuseNote}", fix));
                        break;
                    }
                }
            }

            if (IsInterpreter(command) && command.Source.Substituted.Select(CommandLine.From).FirstOrDefault(s => s is not null && Fetchers.Contains(s.Program)) is { } fetch)
            {
                messages.Add(($"`{command.Program}` runs the script `{fetch.Program}` downloads at build time, but {ReuseNote}", fix));
            }
        }
    }

    private static void Clone(CommandLine command, bool pinnedLater, List<(string, string)> messages)
    {
        if (command.Git is not { Subcommand: "clone" } git || pinnedLater)
        {
            return;
        }

        var branch = git.Args.Values("-b", "--branch").LastOrDefault();
        if (branch is not null && GitRefs.IsFixed(branch))
        {
            return;
        }

        var what = branch is null ? "the default branch" : $"branch '{branch}'";
        messages.Add(($"`git clone {git.Args.Operands.FirstOrDefault()}` takes {what} as it is at build time, but {ReuseNote}",
            "Check out a fixed commit in the same RUN: `git clone <url> src && git -C src checkout <commit>` (pass the commit as a build arg to move it on purpose), or clone a release tag with `--branch v1.2.3`."));
    }

    private static void PipFromGit(CommandLine command, List<(string, string)> messages)
    {
        if (command.Pip is not { IsInstall: true } pip)
        {
            return;
        }

        foreach (var requirement in pip.Requirements.Where(r => r.Contains("git+")))
        {
            var url = requirement[requirement.IndexOf("git+", StringComparison.Ordinal)..];
            var fragment = url.IndexOf('#');
            url = fragment < 0 ? url : url[..fragment];
            var hostStart = url.IndexOf("://", StringComparison.Ordinal);
            var at = url.LastIndexOf('@');
            var gitRef = at > hostStart + 3 && at > url.LastIndexOf('/') ? url[(at + 1)..] : null;
            if (gitRef is not null && GitRefs.IsFixed(gitRef))
            {
                continue;
            }

            var what = gitRef is null ? "the default branch" : $"'{gitRef}'";
            messages.Add(($"`{pip.Tool} install {requirement}` installs {what} as it is at build time, but {ReuseNote}",
                "Pin a commit in the URL: `git+https://…/repo.git@<commit>` (or a release tag), so the requirement names one tree."));
        }
    }

    private static void BranchArchive(CommandLine command, List<(string, string)> messages)
    {
        if (!Fetchers.Contains(command.Program) && command.Pip is not { IsInstall: true })
        {
            return;
        }

        if (command.Args.FirstOrDefault(a => a.Contains("://") && GitRefs.IsBranchUrl(a)) is { } url)
        {
            messages.Add(($"`{command.Program}` fetches {url}, which names a branch, at build time, but {ReuseNote}",
                "Fetch the archive of a commit or release tag instead of a branch, and check its sha256 (or `ADD --checksum=sha256:<digest> <url>`)."));
        }
    }

    [GeneratedRegex(@"^(python|pypy)(\d+(\.\d+)?)?$")]
    private static partial Regex Python();
}
