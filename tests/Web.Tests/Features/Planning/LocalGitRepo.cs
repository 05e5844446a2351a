using System.Diagnostics;

namespace BuildFarm.Web.Tests.Features.Planning;

/// <summary>A real git repository in a temp folder, committed to by the test, planned through the bare mirror.</summary>
public sealed class LocalGitRepo : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("farm-limits-repo-").FullName;

    public string Url => "file://" + Path;

    public LocalGitRepo() => Git("init", "-q", "-b", "main", ".");

    public LocalGitRepo Write(string relativePath, string content)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return this;
    }

    public void Commit()
    {
        Git("add", "-A");
        Git("-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "change");
    }

    void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
