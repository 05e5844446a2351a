using System.Formats.Tar;
using System.Security.Cryptography;
using BuildFarm.Agent.Features.Builds;

namespace BuildFarm.Agent.Tests.Features.Builds;

public sealed class BuildContextTests : IDisposable
{
    readonly TempDir _repo = new();

    public void Dispose() => _repo.Dispose();

    void Write(string relativePath, string content = "x")
    {
        var file = _repo.Combine(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
    }

    async Task<(BuildContextInfo Info, List<GnuTarEntry> Entries, byte[] Bytes)> Tar(string context = ".", string dockerfile = "Dockerfile")
    {
        using var output = new MemoryStream();
        var info = await BuildContext.WriteTarAsync(_repo.Path, context, dockerfile, output, CancellationToken.None);
        var bytes = output.ToArray();
        var entries = new List<GnuTarEntry>();
        using var reader = new TarReader(new MemoryStream(bytes));
        while (reader.GetNextEntry(copyData: true) is GnuTarEntry entry)
            entries.Add(entry);
        return (info, entries, bytes);
    }

    [Fact]
    public async Task Should_leave_out_what_the_dockerignore_excludes()
    {
        Write("Dockerfile", "FROM base");
        Write(".dockerignore", "*.ckpt\ndata/\n!data/keep.txt\n");
        Write("model.ckpt");
        Write("src/train.py");
        Write("data/big.bin");
        Write("data/keep.txt");

        var (info, entries, _) = await Tar();

        Assert.Equal([".dockerignore", "Dockerfile", "data/", "data/keep.txt", "src/", "src/train.py"], entries.Select(e => e.Name));
        Assert.Equal(("Dockerfile", 4), (info.Dockerfile, info.Files));
    }

    [Fact]
    public async Task Should_always_send_the_dockerfile_and_the_dockerignore()
    {
        Write("docker/gpu.Dockerfile", "FROM base");
        Write(".dockerignore", ".dockerignore\ndocker\n");
        Write("docker/other.txt");

        var (info, entries, _) = await Tar(dockerfile: "docker/gpu.Dockerfile");

        Assert.Equal([".dockerignore", "docker/", "docker/gpu.Dockerfile"], entries.Select(e => e.Name));
        Assert.Equal("docker/gpu.Dockerfile", info.Dockerfile);
    }

    [Fact]
    public async Task Should_send_only_the_context_folder_and_never_the_checkouts_git_folder()
    {
        Write(".git/HEAD", "ref: refs/heads/main");
        Write("Dockerfile", "FROM base");
        Write("app/Dockerfile", "FROM base");
        Write("app/main.py");

        Assert.Equal(["Dockerfile"], (await Tar()).Entries.Select(e => e.Name).Where(n => !n.StartsWith("app")));
        Assert.Equal(["Dockerfile", "main.py"], (await Tar(context: "app")).Entries.Select(e => e.Name));
    }

    [Fact]
    public async Task Should_write_the_same_bytes_for_the_same_content_whatever_the_times_and_umask()
    {
        Write("Dockerfile", "FROM base");
        Write("a/b.txt", "content");
        var first = (await Tar()).Bytes;

        File.SetLastWriteTimeUtc(_repo.Combine("a", "b.txt"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_repo.Combine("a", "b.txt"), (UnixFileMode)0b110_110_110);

        Assert.Equal(SHA256.HashData(first), SHA256.HashData((await Tar()).Bytes));
    }

    [Fact]
    public async Task Should_keep_the_executable_bit_and_links_as_links()
    {
        Write("Dockerfile", "FROM base");
        Write("run.sh", "#!/bin/sh");
        Write("plain.txt");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_repo.Combine("run.sh"), (UnixFileMode)0b111_100_100);
        File.CreateSymbolicLink(_repo.Combine("latest"), "run.sh");

        var entries = (await Tar()).Entries.ToDictionary(e => e.Name);

        Assert.Equal((UnixFileMode)0b111_101_101, entries["run.sh"].Mode);
        Assert.Equal((UnixFileMode)0b110_100_100, entries["plain.txt"].Mode);
        Assert.Equal((TarEntryType.SymbolicLink, "run.sh"), (entries["latest"].EntryType, entries["latest"].LinkName));
        Assert.All(entries.Values, e => Assert.Equal((0, 0, DateTimeOffset.UnixEpoch), (e.Uid, e.Gid, e.ModificationTime)));
    }

    [Fact]
    public async Task Should_say_which_dockerfile_is_missing_from_which_context()
    {
        Write("app/main.py");

        var e = await Assert.ThrowsAsync<BuildSourceException>(() => Tar(context: "app", dockerfile: "gpu.Dockerfile"));

        Assert.Equal("Dockerfile 'gpu.Dockerfile' not found in context 'app'", e.Message);
    }

    [Fact]
    public async Task Should_refuse_a_context_or_dockerfile_outside_the_repository_even_through_a_link()
    {
        using var outside = new TempDir();
        File.WriteAllText(Path.Combine(outside.Path, "Dockerfile"), "FROM base");
        Directory.CreateSymbolicLink(_repo.Combine("escape"), outside.Path);
        File.CreateSymbolicLink(_repo.Combine("Dockerfile"), Path.Combine(outside.Path, "Dockerfile"));

        Assert.Equal("context '..' is outside the repository", (await Assert.ThrowsAsync<BuildSourceException>(() => Tar(context: ".."))).Message);
        Assert.Equal("context 'escape' is outside the repository", (await Assert.ThrowsAsync<BuildSourceException>(() => Tar(context: "escape"))).Message);
        Assert.Equal("context 'escape/..' is outside the repository", (await Assert.ThrowsAsync<BuildSourceException>(() => Tar(context: "escape/.."))).Message);
        Assert.Equal("Dockerfile 'Dockerfile' is outside the context '.'", (await Assert.ThrowsAsync<BuildSourceException>(() => Tar())).Message);
        Assert.Equal("Dockerfile '../x/Dockerfile' is outside the context '.'",
            (await Assert.ThrowsAsync<BuildSourceException>(() => Tar(dockerfile: "../x/Dockerfile"))).Message);
    }
}
