using BuildFarm.Web.Features.Builds;

namespace BuildFarm.Web.Tests.Features.Builds;

public class BuildInputTests
{
    [Fact]
    public void Should_fill_the_defaults_a_blank_field_leaves_out()
    {
        var spec = BuildInput.ToSpec(" https://g/x.git ", " main ", " ", "", "  ", null, null, false, false);

        Assert.Equal("https://g/x.git", spec.Repository);
        Assert.Equal("main", spec.Ref);
        Assert.Equal("Dockerfile", spec.DockerfilePath);
        Assert.Equal(".", spec.ContextPath);
        Assert.Null(spec.Target);
        Assert.Empty(spec.BuildArgs);
        Assert.Empty(spec.Tags);
    }

    [Fact]
    public void Should_keep_a_build_arg_value_verbatim_after_the_first_equals_sign()
    {
        var (args, errors) = BuildInput.ParseBuildArgs("PIP_EXTRA=--index-url=https://pypi.example/simple\r\nEMPTY=\n");

        Assert.Empty(errors);
        Assert.Equal("--index-url=https://pypi.example/simple", args["PIP_EXTRA"]);
        Assert.Equal("", args["EMPTY"]);
    }

    [Fact]
    public void Should_name_a_line_without_equals_and_a_repeated_name()
    {
        var (_, errors) = BuildInput.ParseBuildArgs("A=1\njust text\nA=2");

        Assert.Equal(["Build arg line 'just text' is not KEY=VALUE.", "Build arg 'A' is given more than once."], errors);
    }

    [Fact]
    public void Should_split_tags_on_lines_and_commas()
    {
        Assert.Equal(["a:1", "b:2", "c:3"], BuildInput.ParseTags("a:1, b:2\r\n\nc:3,"));
    }
}
