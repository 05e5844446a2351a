using BuildFarm.Shared.Lint;

namespace BuildFarm.Cli.Features.Lint;

/// <summary>
/// What the lint needs to know of a build context: whether a .dockerignore applies (BuildKit prefers
/// <c>&lt;Dockerfile&gt;.dockerignore</c> beside the Dockerfile to the context's own), and, when none does, how much
/// <c>docker build</c> would send: every file, .git included, links counted as links and never followed.
/// </summary>
static class ContextMeasure
{
    public static LintContext Of(string dockerfilePath, string contextDir)
    {
        if (!Directory.Exists(contextDir))
        {
            throw new CliException(ExitCodes.BadInput, $"farmctl: cannot read context '{contextDir}': no such folder.");
        }

        if (File.Exists(dockerfilePath + ".dockerignore") || File.Exists(Path.Combine(contextDir, ".dockerignore")))
        {
            return new LintContext(HasDockerIgnore: true);
        }

        try
        {
            var (bytes, files) = Walk(new DirectoryInfo(contextDir));
            return new LintContext(HasDockerIgnore: false, bytes, files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadInput, $"farmctl: cannot read context '{contextDir}': {e.Message}");
        }
    }

    private static (long Bytes, int Files) Walk(DirectoryInfo directory)
    {
        long bytes = 0;
        var files = 0;
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                files++;
            }
            else if (entry is DirectoryInfo child)
            {
                var (childBytes, childFiles) = Walk(child);
                bytes += childBytes;
                files += childFiles;
            }
            else if (entry is FileInfo file)
            {
                bytes += file.Length;
                files++;
            }
        }

        return (bytes, files);
    }
}
