using System.Runtime.Versioning;
using BuildFarm.Agent.Features.Gpus;

namespace BuildFarm.Agent.Tests.Features.Gpus;

// The stand-in is a bash script: these run where nvidia-smi itself does.
[UnsupportedOSPlatform("windows")]
public sealed class ExecutableLocatorTests : IDisposable
{
    private readonly NvidiaSmiFixtures _first = new();
    private readonly NvidiaSmiFixtures _second = new();

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    [Fact]
    public void Should_find_the_first_executable_on_the_search_path()
    {
        var notExecutable = Path.Combine(_first.Directory, "nvidia-smi");
        File.WriteAllText(notExecutable, "");
        File.SetUnixFileMode(notExecutable, UnixFileMode.UserRead);
        var executable = _second.Executable("exit 0");

        var found = ExecutableLocator.Find("nvidia-smi", $"/nonexistent:{_first.Directory}::{_second.Directory}");

        Assert.Equal(executable, found);
    }

    [Fact]
    public void Should_use_a_path_as_given()
    {
        var executable = _first.Executable("exit 0");

        Assert.Equal(executable, ExecutableLocator.Find(executable, searchPath: null));
        Assert.Null(ExecutableLocator.Find(executable + "-missing", _first.Directory));
    }

    [Fact]
    public void Should_find_nothing_on_an_empty_search_path() =>
        Assert.Null(ExecutableLocator.Find("nvidia-smi", ""));
}
