using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles;

public class LineContinuationTests
{
    [Fact]
    public void Should_join_continued_lines_and_keep_the_line_range()
    {
        var result = DockerfileParser.Parse("FROM alpine\nRUN apk add \\\n      curl \\\n      git\nRUN true");

        var steps = result.Stages[0].Steps;
        Assert.Equal("RUN apk add       curl       git", steps[0].Text);
        Assert.Equal((2, 4), (steps[0].StartLine, steps[0].EndLine));
        Assert.Equal(5, steps[1].StartLine);
    }

    [Fact]
    public void Should_skip_comment_lines_inside_a_continuation()
    {
        // Docs, "Format": comment lines are removed before the instruction is executed.
        var result = DockerfileParser.Parse("FROM alpine\nRUN echo hello \\\n# comment\nworld");

        Assert.Equal("RUN echo hello world", result.Stages[0].Steps[0].Text);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Should_skip_empty_continuation_lines_with_a_warning()
    {
        var result = DockerfileParser.Parse("FROM alpine\nRUN echo a \\\n\n    b");

        Assert.Equal("RUN echo a     b", result.Stages[0].Steps[0].Text);
        Assert.StartsWith("line 2: Empty continuation line", Assert.Single(result.Warnings).ToString());
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Should_not_continue_after_an_escaped_escape_character()
    {
        var result = DockerfileParser.Parse("FROM alpine\nRUN echo a\\\\\nRUN echo b");

        Assert.Equal(["RUN echo a\\\\", "RUN echo b"], result.Stages[0].Steps.Select(s => s.Text));
    }

    [Fact]
    public void Should_accept_keywords_in_any_case()
    {
        var result = DockerfileParser.Parse("from alpine AS Build\nrun echo hi\nCoPy a b");

        Assert.Equal("build", result.Stages[0].Name);
        Assert.Equal(["RUN", "COPY"], result.Stages[0].Steps.Select(s => s.Keyword));
        Assert.Equal("RUN echo hi", result.Stages[0].Steps[0].Text);
    }

    [Fact]
    public void Should_read_crlf_files_with_a_byte_order_mark()
    {
        var result = DockerfileParser.Parse("\uFEFF# syntax=docker/dockerfile:1\r\nFROM alpine\r\nRUN a \\\r\n b\r\n");

        Assert.Equal("docker/dockerfile:1", result.Directives.Single().Value);
        Assert.Equal("RUN a  b", result.Stages[0].Steps[0].Text);
    }

    [Fact]
    public void Should_ignore_indentation_and_indented_comments()
    {
        var result = DockerfileParser.Parse("   FROM alpine\n\t# comment\n  RUN echo hi  ");

        Assert.Equal("RUN echo hi", Assert.Single(result.Stages[0].Steps).Text);
    }

    [Fact]
    public void Should_not_treat_a_hash_inside_an_instruction_as_a_comment()
    {
        var result = DockerfileParser.Parse("FROM alpine\nRUN echo hello # not a comment");

        Assert.Equal("RUN echo hello # not a comment", result.Stages[0].Steps[0].Text);
    }
}
