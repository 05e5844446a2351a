using BuildFarm.Shared.Placement;

namespace BuildFarm.Shared.Tests.Placement;

public class StepDurationsTests
{
    [Theory]
    [InlineData("RUN", "RUN pip install -r requirements.txt", StepDurations.PythonInstallSeconds)]
    [InlineData("RUN", "RUN python -m pip install --no-cache-dir torch==2.9.0", StepDurations.PythonInstallSeconds)]
    [InlineData("RUN", "RUN conda env create -f environment.yml", StepDurations.PythonInstallSeconds)]
    [InlineData("RUN", "RUN uv pip install --system -r requirements.txt", StepDurations.PythonInstallSeconds)]
    [InlineData("RUN", "RUN apt-get update && apt-get install -y git", StepDurations.SystemInstallSeconds)]
    [InlineData("RUN", "RUN apk add --no-cache curl", StepDurations.SystemInstallSeconds)]
    [InlineData("RUN", "RUN python -m compileall src", StepDurations.RunSeconds)]
    [InlineData("COPY", "COPY . .", StepDurations.CopySeconds)]
    [InlineData("ADD", "ADD model.tar.gz /models", StepDurations.CopySeconds)]
    [InlineData("WORKDIR", "WORKDIR /app", StepDurations.WorkdirSeconds)]
    [InlineData("ENV", "ENV MODE=train", 0)]
    [InlineData("FROM", "FROM python:3.11", 0)]
    public void Should_default_by_keyword_and_what_a_run_installs(string keyword, string instruction, double seconds)
    {
        Assert.Equal(seconds, StepDurations.Default(keyword, instruction));
    }

    [Theory]
    [InlineData(30, "30 s")]
    [InlineData(89.4, "89 s")]
    [InlineData(660, "~11 min")]
    [InlineData(5400, "~1.5 h")]
    public void Should_write_durations_the_way_people_read_them(double seconds, string text)
    {
        Assert.Equal(text, PlacementText.Seconds(seconds));
    }
}

public class PlatformsTests
{
    [Theory]
    [InlineData("linux/amd64", "linux/amd64")]
    [InlineData("Linux/x86_64", "linux/amd64")]
    [InlineData("linux/aarch64", "linux/arm64")]
    [InlineData("linux/arm64/v8", "linux/arm64")]
    [InlineData("linux/arm/v7", "linux/arm/v7")]
    [InlineData("x86_64", "linux/amd64")]
    public void Should_spell_platforms_as_oci_does(string platform, string normalized)
    {
        Assert.Equal(normalized, Platforms.Normalize(platform));
    }
}
