using BuildFarm.Agent.Features.Builds;

namespace BuildFarm.Agent.Tests.Features.Builds;

public class StepNameTests
{
    [Theory]
    [InlineData("[2/6] RUN pip install -r requirements.txt", null, 2, 6, "RUN pip install -r requirements.txt")]
    [InlineData("[stage-1 3/4] COPY --from=build /out /app", "stage-1", 3, 4, "COPY --from=build /out /app")]
    [InlineData("[build 1/5] FROM docker.io/pytorch/pytorch:2.9-cuda12.1@sha256:abc", "build", 1, 5, "FROM docker.io/pytorch/pytorch:2.9-cuda12.1@sha256:abc")]
    public void Should_read_stage_position_and_instruction_from_a_step_vertex(string vertex, string? stage, int number, int of, string instruction) =>
        Assert.Equal(new StepName(stage, number, of, instruction), StepName.Parse(vertex));

    // Names as Debian's docker.io 20.10.24 wrote them for a 12-step stage and an 11-step single-stage build.
    [Theory]
    [InlineData("[ 1/11] FROM docker.io/library/bb:1", null, 1, 11, "FROM docker.io/library/bb:1")]
    [InlineData("[11/11] RUN echo s10", null, 11, 11, "RUN echo s10")]
    [InlineData("[lng  2/12] RUN echo l1", "lng", 2, 12, "RUN echo l1")]
    [InlineData("[lng 12/12] RUN echo l11", "lng", 12, 12, "RUN echo l11")]
    public void Should_read_numbers_BuildKit_pads_to_the_width_of_the_total(string vertex, string? stage, int number, int of, string instruction) =>
        Assert.Equal(new StepName(stage, number, of, instruction), StepName.Parse(vertex));

    // BUILDKIT_MULTI_PLATFORM=1 (a build arg anyone may pass) puts the platform before the stage.
    [Theory]
    [InlineData("[linux/arm64 builder 2/3] RUN make", "builder", 2, 3, "RUN make")]
    [InlineData("[linux/arm/v7 1/2] FROM docker.io/library/busybox", null, 1, 2, "FROM docker.io/library/busybox")]
    [InlineData("[linux/amd64 stage-1  9/12] COPY . .", "stage-1", 9, 12, "COPY . .")]
    public void Should_read_steps_whose_name_starts_with_the_platform(string vertex, string? stage, int number, int of, string instruction) =>
        Assert.Equal(new StepName(stage, number, of, instruction), StepName.Parse(vertex));

    [Theory]
    [InlineData("[internal] load build definition from Dockerfile")]
    [InlineData("[internal] load metadata for docker.io/library/busybox:latest")]
    [InlineData("exporting to image")]
    [InlineData("copy /context /")]
    public void Should_not_take_other_vertices_for_steps(string vertex) => Assert.Null(StepName.Parse(vertex));

    [Theory]
    [InlineData("FROM base", true)]
    [InlineData("from base", true)]
    [InlineData("RUN echo FROM", false)]
    public void Should_know_the_FROM_step(string instruction, bool isFrom) =>
        Assert.Equal(isFrom, new StepName(null, 1, 2, instruction).IsFrom);
}
