using System.Diagnostics;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>A local git repository made from the demo/ template, the kind a newcomer builds first.</summary>
public sealed class GitRepository
{
    GitRepository(string path) => Path = path;

    public string Path { get; }
    public string Url => "file://" + Path;

    /// <summary>A fresh copy of the demo whose dependency list carries <paramref name="nonce"/>, so that its first build
    /// runs for real even on an engine that built the demo before.</summary>
    public static GitRepository FromDemo(string path, string nonce)
    {
        CopyDirectory(System.IO.Path.Combine(RepositoryRoot.Path, "demo"), path);
        var repository = new GitRepository(path);
        File.AppendAllText(System.IO.Path.Combine(path, "requirements.txt"), $"# test run {nonce}\n");
        repository.Git("init", "-q", "-b", "main");
        repository.Commit("Demo image for an end-to-end test");
        return repository;
    }

    public void Write(string relativePath, string content) =>
        File.WriteAllText(System.IO.Path.Combine(Path, relativePath), content);

    public string Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in new Dictionary<string, string>
                 {
                     ["GIT_AUTHOR_NAME"] = "BuildFarm Tests", ["GIT_AUTHOR_EMAIL"] = "tests@buildfarm.invalid",
                     ["GIT_COMMITTER_NAME"] = "BuildFarm Tests", ["GIT_COMMITTER_EMAIL"] = "tests@buildfarm.invalid",
                 })
            start.Environment[key] = value;
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEndAsync();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed in {Path}: {error}");
        return output.Result;
    }

    static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

static class RepositoryRoot
{
    /// <summary>The checkout this test assembly was built from, found by walking up to BuildFarm.sln.</summary>
    public static readonly string Path = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "BuildFarm.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no BuildFarm.sln above {AppContext.BaseDirectory}");
    }
}
