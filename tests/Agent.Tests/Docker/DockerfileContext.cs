using System.Formats.Tar;
using System.Text;

namespace BuildFarm.Agent.Tests.Docker;

/// <summary>A build context holding nothing but a Dockerfile.</summary>
public static class DockerfileContext
{
    public static MemoryStream Tar(string dockerfile)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Gnu, leaveOpen: true))
        {
            writer.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "Dockerfile")
            {
                Mode = (UnixFileMode)0b110_100_100,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)),
            });
        }
        tar.Position = 0;
        return tar;
    }
}
