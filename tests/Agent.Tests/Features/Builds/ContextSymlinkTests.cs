using System.Formats.Tar;
using System.Text;
using BuildFarm.Agent.Features.Builds;

namespace BuildFarm.Agent.Tests.Features.Builds;

/// <summary>
/// A repository may commit links that point anywhere on the agent. The context sent to the engine carries such a link
/// as a link, never what it points at, however the .dockerignore or the build names it.
/// </summary>
public sealed class ContextSymlinkTests : IDisposable
{
    const string OutsideSecret = "agent-only secret: must never reach an engine";

    readonly GitRepo _origin = new();
    readonly TempDir _outside = new();
    readonly TempDir _checkout = new();

    public void Dispose()
    {
        _origin.Dispose();
        _outside.Dispose();
        _checkout.Dispose();
    }

    // Committed and cloned, so the links are what git itself checks out on an agent, not ones the test made in place.
    string CheckoutWithLinks(string dockerignore)
    {
        var secret = Path.Combine(_outside.Path, "secret.txt");
        File.WriteAllText(secret, OutsideSecret);
        _origin.Write("Dockerfile", "FROM base\nCOPY . /src\n").Write(".dockerignore", dockerignore).Write("app/main.py", "print(1)");
        File.CreateSymbolicLink(Path.Combine(_origin.Path, "passwd"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(_origin.Path, "secret"), secret);
        Directory.CreateSymbolicLink(Path.Combine(_origin.Path, "root"), "/");
        Directory.CreateSymbolicLink(Path.Combine(_origin.Path, "app", "up"), "../..");
        _origin.Commit("links out of the repository");
        _origin.Git("clone", "-q", _origin.Path, _checkout.Path);
        return _checkout.Path;
    }

    static async Task<(Dictionary<string, GnuTarEntry> Entries, byte[] Bytes)> TarAsync(string checkout)
    {
        using var output = new MemoryStream();
        await BuildContext.WriteTarAsync(checkout, ".", "Dockerfile", output, CancellationToken.None);
        var bytes = output.ToArray();
        var entries = new Dictionary<string, GnuTarEntry>();
        using var reader = new TarReader(new MemoryStream(bytes));
        while (reader.GetNextEntry(copyData: true) is GnuTarEntry entry)
            entries.Add(entry.Name, entry);
        return (entries, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!root/etc/passwd\n!root/**\n!passwd\n")]
    public async Task Should_send_links_out_of_the_repository_as_links_and_never_their_targets(string dockerignore)
    {
        var (entries, bytes) = await TarAsync(CheckoutWithLinks(dockerignore));

        Assert.Equal((TarEntryType.SymbolicLink, "/etc/passwd"), (entries["passwd"].EntryType, entries["passwd"].LinkName));
        Assert.Equal((TarEntryType.SymbolicLink, "/"), (entries["root"].EntryType, entries["root"].LinkName));
        Assert.Equal((TarEntryType.SymbolicLink, "../.."), (entries["app/up"].EntryType, entries["app/up"].LinkName));
        Assert.Equal(TarEntryType.SymbolicLink, entries["secret"].EntryType);
        Assert.All(entries.Values, e => Assert.Null(e.EntryType == TarEntryType.SymbolicLink ? e.DataStream : null));
        Assert.DoesNotContain(entries.Keys, name => name.StartsWith("root/", StringComparison.Ordinal) || name.StartsWith("app/up/", StringComparison.Ordinal));
        var text = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain(OutsideSecret, text);
        Assert.DoesNotContain(File.ReadAllLines("/etc/passwd")[0], text);
    }

    [Fact]
    public async Task Should_refuse_a_dockerignore_that_links_out_of_the_repository_without_quoting_the_target()
    {
        var checkout = CheckoutWithLinks("");
        File.WriteAllText(Path.Combine(_outside.Path, "shadow"), "[" + OutsideSecret);
        File.Delete(Path.Combine(checkout, ".dockerignore"));
        File.CreateSymbolicLink(Path.Combine(checkout, ".dockerignore"), Path.Combine(_outside.Path, "shadow"));

        var e = await Assert.ThrowsAsync<BuildSourceException>(() => TarAsync(checkout));

        Assert.Equal(".dockerignore links outside the context; commit the file itself", e.Message);
    }

    [Fact]
    public async Task Should_refuse_a_committed_dockerfile_that_links_out_of_the_repository()
    {
        var checkout = CheckoutWithLinks("");
        File.Delete(Path.Combine(checkout, "Dockerfile"));
        File.CreateSymbolicLink(Path.Combine(checkout, "Dockerfile"), "/etc/passwd");

        var e = await Assert.ThrowsAsync<BuildSourceException>(() => TarAsync(checkout));

        Assert.Equal("Dockerfile 'Dockerfile' is outside the context '.'", e.Message);
    }
}
