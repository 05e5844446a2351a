using System.Formats.Tar;
using BuildFarm.Agent.Docker;

namespace BuildFarm.Agent.Tests.Engines;

/// <summary>A base image made on the spot, since nothing can be pulled here: Debian's static busybox plus the applet
/// links RUN steps use, imported through the Engine API.</summary>
public static class BusyboxBase
{
    public const string Repository = "buildfarm-test/busybox";
    public const string Tag = "1";
    public const string Reference = Repository + ":" + Tag;

    static readonly string[] Applets = ["sh", "echo", "cat", "ls", "mkdir", "touch", "sleep", "true"];

    /// <summary>Imports the image into the engine and returns its id.</summary>
    public static async Task<string> ImportAsync(EngineImages images, string repository = Repository, string tag = Tag,
        CancellationToken ct = default)
    {
        using var rootfs = RootfsTar();
        return await images.ImportAsync(rootfs, repository, tag, ct);
    }

    /// <summary>The root filesystem as a tar: /bin/busybox, links for the applets, and an empty /tmp.</summary>
    public static MemoryStream RootfsTar(string busybox = "/bin/busybox")
    {
        if (!File.Exists(busybox))
            throw new InvalidOperationException($"{busybox} is missing: apt-get install busybox-static");
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Gnu, leaveOpen: true))
        {
            writer.WriteEntry(Directory("bin/"));
            writer.WriteEntry(Directory("tmp/", (UnixFileMode)0b1_111_111_111));
            using (var binary = File.OpenRead(busybox))
                writer.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = (UnixFileMode)0b111_101_101, DataStream = binary });
            foreach (var applet in Applets)
                writer.WriteEntry(new GnuTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox", Mode = (UnixFileMode)0b111_111_111 });
        }
        tar.Position = 0;
        return tar;
    }

    static GnuTarEntry Directory(string name, UnixFileMode mode = (UnixFileMode)0b111_101_101) =>
        new(TarEntryType.Directory, name) { Mode = mode };
}
