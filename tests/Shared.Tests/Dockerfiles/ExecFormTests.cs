using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles;

public class ExecFormTests
{
    private static DockerfileStep Step(string line)
    {
        var result = DockerfileParser.Parse("FROM alpine\n" + line);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Stages[0].Steps[0];
    }

    [Theory]
    [InlineData("RUN [\"echo\", \"hi there\"]", new[] { "echo", "hi there" })]
    [InlineData("CMD [\"python\", \"-m\", \"app\"]", new[] { "python", "-m", "app" })]
    [InlineData("ENTRYPOINT [\"/entrypoint.sh\"]", new[] { "/entrypoint.sh" })]
    [InlineData("SHELL [\"/bin/bash\", \"-c\"]", new[] { "/bin/bash", "-c" })]
    [InlineData("VOLUME [\"/data\", \"/logs\"]", new[] { "/data", "/logs" })]
    [InlineData("CMD []", new string[0])]
    public void Should_read_json_arrays_as_exec_form(string line, string[] expected)
    {
        var step = Step(line);

        Assert.True(step.IsJsonForm);
        Assert.Equal(expected, step.Arguments);
    }

    [Theory]
    [InlineData("RUN echo hi there", new[] { "echo hi there" })]
    [InlineData("CMD python -m app", new[] { "python -m app" })]
    [InlineData("ENTRYPOINT exec top -b", new[] { "exec top -b" })]
    [InlineData("VOLUME /data /logs", new[] { "/data", "/logs" })]
    [InlineData("RUN [\"echo\", 'single quotes are not JSON']", new[] { "[\"echo\", 'single quotes are not JSON']" })]
    [InlineData("RUN [ \"unterminated\"", new[] { "[ \"unterminated\"" })]
    public void Should_fall_back_to_shell_form_when_not_a_json_array(string line, string[] expected)
    {
        var step = Step(line);

        Assert.False(step.IsJsonForm);
        Assert.Equal(expected, step.Arguments);
    }

    [Fact]
    public void Should_read_json_form_copy_sources_and_destination()
    {
        var step = Step("COPY [\"my file.txt\", \"other.txt\", \"/dest dir/\"]");

        Assert.True(step.IsJsonForm);
        Assert.Equal(["my file.txt", "other.txt"], step.SourcePaths);
        Assert.Equal("/dest dir/", step.Destination);
    }

    [Fact]
    public void Should_split_shell_form_copy_on_whitespace_only()
    {
        var step = Step("ADD --chown=app:app  a.tar.gz\tb.txt   /opt/");

        Assert.False(step.IsJsonForm);
        Assert.Equal(["a.tar.gz", "b.txt"], step.SourcePaths);
        Assert.Equal("/opt/", step.Destination);
        Assert.Equal(["app:app"], step.Flags["chown"]);
    }

    [Fact]
    public void Should_reject_json_arrays_holding_other_than_strings()
    {
        var result = DockerfileParser.Parse("FROM alpine\nCMD [\"sleep\", 10]");

        Assert.Equal("line 2: when using JSON array syntax, arrays must be comprised of strings only", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Should_require_json_form_for_shell()
    {
        var result = DockerfileParser.Parse("FROM alpine\nSHELL /bin/bash -c");

        Assert.Equal("line 2: SHELL requires the arguments to be in JSON form", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Should_read_healthcheck_type_flags_and_command()
    {
        var step = Step("HEALTHCHECK --interval=5m --timeout=3s CMD curl -f http://localhost/ || exit 1");

        Assert.Equal(["CMD", "curl -f http://localhost/ || exit 1"], step.Arguments);
        Assert.Equal(["5m"], step.Flags["interval"]);
    }
}
