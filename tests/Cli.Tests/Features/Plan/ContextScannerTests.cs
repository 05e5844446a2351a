using System.Diagnostics;
using BuildFarm.Cli.Features.Plan;
using BuildFarm.Shared.Ignore;

namespace BuildFarm.Cli.Tests.Features.Plan;

public sealed class ContextScannerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Should_read_the_same_blob_ids_and_modes_as_git_ls_tree()
    {
        _folder.Write("README.md", "hello\n");
        _folder.Write("src/train.py", "import torch\n");
        _folder.Write("empty.txt", "");
        var script = _folder.Write("scripts/run.sh", "#!/bin/sh\necho run\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);
        }

        File.CreateSymbolicLink(_folder["latest"], "src/train.py");
        await Git("init", "-q");
        await Git("add", "-A");

        var scan = ContextScanner.Scan(_folder.Path, DockerIgnore.Empty, null);

        var lsFiles = (await Git("ls-files", "-s")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split([' ', '\t']))
            .Select(f => $"{f[3]} {f[0]} {f[1]}");
        Assert.Equal(lsFiles.Order(StringComparer.Ordinal), scan.Snapshot.Files.Select(f => $"{f.Path} {f.Mode} {f.BlobId}"));
    }

    [Fact]
    public void Should_count_an_excluded_folder_without_sending_it_and_leave_git_out()
    {
        _folder.Write("data/a.bin", "12345");
        _folder.Write("data/keep/k.txt", "k");
        _folder.Write(".git/HEAD", "ref: refs/heads/main\n");
        _folder.Write("app.py", "x");

        var scan = ContextScanner.Scan(_folder.Path, DockerIgnore.Parse("data\n!data/keep\n"), null);

        Assert.Equal(["app.py", "data/keep/k.txt"], scan.Snapshot.Files.Select(f => f.Path));
        Assert.Equal((1, 5L), (scan.ExcludedCount, scan.ExcludedBytes));
    }

    private async Task<string> Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var git = Process.Start(start)!;
        var output = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, await git.StandardError.ReadToEndAsync());
        return output;
    }

    public void Dispose() => _folder.Dispose();
}
