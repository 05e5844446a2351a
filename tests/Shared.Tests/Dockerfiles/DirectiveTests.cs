using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles;

public class DirectiveTests
{
    [Fact]
    public void Should_read_syntax_escape_and_check_directives_at_the_top()
    {
        var result = DockerfileParser.Parse("# syntax=docker/dockerfile:1\n#escape=`\n# check = skip=JSONArgsRecommended\nFROM alpine\n");

        Assert.Equal(
            [new ParserDirective("syntax", "docker/dockerfile:1", 1), new ParserDirective("escape", "`", 2),
             new ParserDirective("check", "skip=JSONArgsRecommended", 3)],
            result.Directives);
        Assert.Equal('`', result.EscapeCharacter);
        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("#directive=value")]
    [InlineData("# directive =value")]
    [InlineData("#\tdirective= value")]
    [InlineData("# directive = value")]
    [InlineData("#  dIrEcTiVe=value")]
    public void Should_allow_non_line_breaking_whitespace_and_any_case_in_directives(string line)
    {
        // Docs, "Parser directives": these are all the same directive (here with "escape" as the name).
        var result = DockerfileParser.Parse(line.Replace("directive", "escape").Replace("dIrEcTiVe", "EsCaPe")
            .Replace("value", "`") + "\nFROM alpine");

        Assert.Equal('`', result.EscapeCharacter);
        Assert.Equal("escape", Assert.Single(result.Directives).Name);
    }

    [Theory]
    [InlineData("FROM alpine\n# escape=`\nRUN a")]
    [InlineData("# a comment\n# escape=`\nFROM alpine")]
    [InlineData("\n# escape=`\nFROM alpine")]
    [InlineData("# unknowndirective=value\n# escape=`\nFROM alpine")]
    public void Should_treat_directives_after_an_instruction_comment_empty_line_or_unknown_directive_as_comments(string text)
    {
        var result = DockerfileParser.Parse(text);

        Assert.Empty(result.Directives);
        Assert.Equal('\\', result.EscapeCharacter);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Should_reject_a_repeated_directive()
    {
        var result = DockerfileParser.Parse("# escape=\\\n# escape=`\nFROM alpine");

        Assert.Equal("line 2: only one escape parser directive can be used", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Should_reject_an_escape_other_than_backslash_or_backtick()
    {
        var result = DockerfileParser.Parse("# escape=x\nFROM alpine");

        Assert.Equal("line 1: invalid escape token 'x' does not match ` or \\", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Should_continue_lines_with_the_backtick_so_windows_paths_keep_their_backslashes()
    {
        // Docs, "escape": the example Dockerfile for Windows.
        var result = DockerfileParser.Parse("# escape=`\n\nFROM mcr.microsoft.com/windows/servercore\nCOPY testfile.txt c:\\\nRUN dir c:\\\n");

        var steps = result.Stages.Single().Steps;
        Assert.Equal(["testfile.txt"], steps[0].SourcePaths);
        Assert.Equal("c:\\", steps[0].Destination);
        Assert.Equal("RUN dir c:\\", steps[1].Text);
    }

    [Fact]
    public void Should_join_backtick_continuations_when_escape_is_backtick()
    {
        var result = DockerfileParser.Parse("# escape=`\nFROM alpine\nRUN echo a `\n    b");

        Assert.Equal("RUN echo a     b", result.Stages[0].Steps[0].Text);
        Assert.Equal(4, result.Stages[0].Steps[0].EndLine);
    }
}
