using System.Diagnostics;

namespace BuildFarm.Agent.Tests.Features.Builds;

/// <summary>A real git repository in a temp folder, built up commit by commit, to fetch builds from.</summary>
public sealed class GitRepo : IDisposable
{
    readonly TempDir _dir = new();

    public GitRepo() => Git("init", "-q", "-b", "main", ".");

    public string Path => _dir.Path;

    public string Url => "file://" + Path;

    public GitRepo Write(string relativePath, string content, bool executable = false)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        return this;
    }

    /// <summary>Commits everything and returns the new commit's sha.</summary>
    public string Commit(string message = "change")
    {
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", "user.name=BuildFarm Tests", "-c", "user.email=tests@buildfarm.invalid", "-c", "commit.gpgsign=false" }.Concat(arguments))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {stderr}");
        return stdout.Result;
    }

    public void Dispose() => _dir.Dispose();
}
