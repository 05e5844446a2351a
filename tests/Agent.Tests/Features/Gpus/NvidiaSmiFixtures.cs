using System.Runtime.Versioning;

namespace BuildFarm.Agent.Tests.Features.Gpus;

/// <summary>
/// Recorded nvidia-smi outputs and the stand-in executable that replays them (Fixtures/nvidia-smi).
/// Each test gets its own folder with an "nvidia-smi" wrapper that points the stand-in at one fixture, so no
/// test changes this process's environment.
/// </summary>
public sealed class NvidiaSmiFixtures : IDisposable
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nvidia-smi");

    public static string StandIn { get; } = Path.Combine(Folder, "nvidia-smi");

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("nvidia-smi-").FullName;

    public static string Read(string fixture) => File.ReadAllText(Path.Combine(Folder, fixture));

    /// <summary>Writes an executable "nvidia-smi" into this test's folder that runs the given shell lines.</summary>
    [UnsupportedOSPlatform("windows")]
    public string Executable(params string[] lines)
    {
        var path = Path.Combine(Directory, "nvidia-smi");
        File.WriteAllText(path, "#!/bin/sh\n" + string.Join('\n', lines) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>An "nvidia-smi" that replays a fixture through the stand-in, which checks its arguments.</summary>
    [UnsupportedOSPlatform("windows")]
    public string Replaying(string fixture, int? exitCode = null) => Executable(
        $"export NVIDIA_SMI_FIXTURE={Quote(Path.Combine(Folder, fixture))}",
        exitCode is null ? "" : $"export NVIDIA_SMI_FIXTURE_EXIT={exitCode}",
        $"exec {Quote(StandInExecutable())} \"$@\"");

    /// <summary>An "nvidia-smi" whose driver is not loaded.</summary>
    [UnsupportedOSPlatform("windows")]
    public string Failing() => Executable(
        "export NVIDIA_SMI_FIXTURE_FAIL=1",
        $"exec {Quote(StandInExecutable())} \"$@\"");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <summary>The stand-in's path, made executable: the build copies fixtures without promising to keep the bit.</summary>
    [UnsupportedOSPlatform("windows")]
    public static string StandInExecutable()
    {
        File.SetUnixFileMode(StandIn, File.GetUnixFileMode(StandIn) | UnixFileMode.UserExecute);
        return StandIn;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
