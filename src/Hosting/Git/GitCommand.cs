using System.Diagnostics;

namespace BuildFarm.Hosting.Git;

/// <summary>Runs the git CLI with an argument list (never a shell) and no way to ask anyone for input.</summary>
public static class GitCommand
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public bool Succeeded => ExitCode == 0;

        /// <summary>Git's first "fatal:"/"error:" line; later ones are generic advice.</summary>
        public string Reason => StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => l.StartsWith("fatal:") || l.StartsWith("error:")) ?? StdErr.Trim();
    }

    public static async Task<Result> RunAsync(string workDir, IEnumerable<string> arguments, string allowedProtocols, CancellationToken ct)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // English messages so failures can be told apart; no prompts for credentials (a build has no one to answer);
        // only the transports we allow, which rules out ext:: and other helpers that run commands.
        start.Environment["LC_ALL"] = "C";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GCM_INTERACTIVE"] = "never";
        start.Environment["GIT_ALLOW_PROTOCOL"] = allowedProtocols;
        if (!start.Environment.ContainsKey("GIT_SSH_COMMAND"))
            start.Environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
