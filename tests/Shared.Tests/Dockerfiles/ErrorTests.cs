using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles;

public class ErrorTests
{
    private static string[] Errors(string text) => DockerfileParser.Parse(text).Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Should_report_an_unknown_instruction_at_its_line()
    {
        Assert.Equal(["line 7: unknown instruction: RUNN"],
            Errors("FROM alpine\n\n# install\nRUN a \\\n  b\n\nrunn c\nRUN d"));
    }

    [Theory]
    [InlineData("FROM", "line 1: FROM requires at least one argument")]
    [InlineData("FROM a b", "line 1: FROM requires either one or three arguments")]
    [InlineData("FROM a AS b c", "line 1: FROM requires either one or three arguments")]
    [InlineData("FROM --platform=linux/amd64", "line 1: FROM requires at least one argument")]
    public void Should_check_from_arguments(string line, string expected) => Assert.Equal([expected], Errors(line));

    [Theory]
    [InlineData("COPY onlyone", "COPY requires at least two arguments, but only one was provided. Destination could not be determined")]
    [InlineData("ADD", "ADD requires at least two arguments, but only one was provided. Destination could not be determined")]
    [InlineData("WORKDIR", "WORKDIR requires exactly one argument")]
    [InlineData("USER", "USER requires exactly one argument")]
    [InlineData("ENV", "ENV requires at least one argument")]
    [InlineData("ENV ONLYKEY", "ENV must have two arguments")]
    [InlineData("ENV a=1 b", "Syntax error - can't find = in \"b\". Must be of the form: name=value")]
    [InlineData("LABEL =x", "LABEL names can not be blank")]
    [InlineData("ARG", "ARG requires at least one argument")]
    [InlineData("ARG =x", "ARG names can not be blank")]
    [InlineData("EXPOSE", "EXPOSE requires at least one argument")]
    [InlineData("VOLUME", "VOLUME requires at least one argument")]
    [InlineData("HEALTHCHECK", "HEALTHCHECK requires at least one argument")]
    [InlineData("HEALTHCHECK NONE x", "HEALTHCHECK NONE takes no arguments")]
    [InlineData("HEALTHCHECK CMD", "Missing command after HEALTHCHECK CMD")]
    [InlineData("HEALTHCHECK RUN x", "Unknown type \"RUN\" in HEALTHCHECK (try CMD)")]
    [InlineData("ONBUILD", "ONBUILD requires at least one argument")]
    [InlineData("ONBUILD ONBUILD RUN x", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")]
    [InlineData("ONBUILD FROM alpine", "FROM isn't allowed as an ONBUILD trigger")]
    [InlineData("MAINTAINER", "MAINTAINER requires exactly one argument")]
    public void Should_check_instruction_arguments_like_buildkit(string line, string message) =>
        Assert.Equal([$"line 2: {message}"], Errors("FROM alpine\n" + line));

    [Fact]
    public void Should_require_a_from_before_other_instructions()
    {
        Assert.Equal(["line 2: no build stage in current context"], Errors("ARG A=1\nRUN echo\nFROM alpine"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n   \n")]
    [InlineData("# only\n# comments\n")]
    [InlineData("ARG ONLY=args\n")]
    public void Should_report_a_file_without_from(string text)
    {
        var error = Assert.Single(DockerfileParser.Parse(text).Errors);

        Assert.Contains("no FROM", error.Message);
        Assert.True(error.Line >= 1);
    }

    [Fact]
    public void Should_collect_every_error_in_line_order()
    {
        Assert.Equal(["line 2: unknown instruction: FOO", "line 3: unknown flag: bogus", "line 4: WORKDIR requires exactly one argument"],
            Errors("FROM alpine\nFOO bar\nCOPY --bogus a b\nWORKDIR\nRUN fine"));
    }

    [Fact]
    public void Should_keep_onbuild_triggers_with_their_instruction_parsed()
    {
        var result = DockerfileParser.Parse("FROM alpine\nONBUILD COPY --chown=app . /app/src\nONBUILD RUN <<EOF\nmake\nEOF\n");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var (copy, run) = (result.Stages[0].Steps[0], result.Stages[0].Steps[1]);
        Assert.Equal("ONBUILD", copy.Keyword);
        Assert.Equal(("COPY", "COPY --chown=app . /app/src"), (copy.OnBuild!.Keyword, copy.OnBuild.Text));
        Assert.Equal(["."], copy.OnBuild.SourcePaths);
        Assert.Equal("/app/src", copy.OnBuild.Destination);
        Assert.Equal(["app"], copy.OnBuild.Flags["chown"]);
        Assert.Equal("make\n", Assert.Single(run.OnBuild!.Heredocs).Content);
        Assert.Equal(5, run.EndLine);
    }

    [Fact]
    public void Should_refuse_a_line_longer_than_buildkit_reads()
    {
        var result = DockerfileParser.Parse("FROM alpine\nRUN echo " + new string('a', 70_000) + "\nRUN after");

        Assert.Equal("line 2: dockerfile line greater than max allowed size of 65535", Assert.Single(result.Errors).ToString());
    }
}
