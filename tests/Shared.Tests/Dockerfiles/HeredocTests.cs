using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles;

public class HeredocTests
{
    [Fact]
    public void Should_attach_a_run_heredoc_body_and_summarize_it_in_the_display_name()
    {
        // Docs, "Here-Documents": RUN <<EOF with several commands.
        var result = DockerfileParser.Parse("FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nRUN true");

        var run = result.Stages[0].Steps[0];
        Assert.Equal("RUN <<EOF", run.Text);
        Assert.Equal("RUN <<EOF (apt-get update...)", run.DisplayName);
        Assert.Equal(new DockerfileHeredoc("EOF", "apt-get update\napt-get install -y curl\n", true, false, 0), Assert.Single(run.Heredocs));
        Assert.Equal((2, 5), (run.StartLine, run.EndLine));
        Assert.Equal(6, result.Stages[0].Steps[1].StartLine);
    }

    [Fact]
    public void Should_strip_leading_tabs_from_dash_heredocs()
    {
        var result = DockerfileParser.Parse("FROM alpine\nRUN <<-EOT\n\techo a\n\t\techo b\n\tEOT\n");

        var heredoc = Assert.Single(result.Stages[0].Steps[0].Heredocs);
        Assert.Equal("echo a\necho b\n", heredoc.Content);
        Assert.True(heredoc.Chomp);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Should_create_copy_heredoc_files_expanding_unless_the_delimiter_is_quoted()
    {
        // Docs, "Here-Documents": COPY <<EOF expands variables unless the delimiter is quoted.
        var text = "FROM alpine\nARG FOO=bar\nCOPY <<-EOT /script.sh\n\techo \"hello ${FOO}\"\nEOT\nCOPY <<\"EOT\" /raw.sh\necho ${FOO}\nEOT\n";
        var result = DockerfileParser.Parse(text);

        var (expanded, quoted) = (result.Stages[0].Steps[1], result.Stages[0].Steps[2]);
        Assert.Equal("echo \"hello bar\"\n", Assert.Single(expanded.Heredocs).Content);
        Assert.Equal("/script.sh", expanded.Destination);
        Assert.Empty(expanded.SourcePaths);
        Assert.False(Assert.Single(quoted.Heredocs).Expand);
        Assert.Equal("echo ${FOO}\n", quoted.Heredocs[0].Content);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Should_read_several_heredocs_on_one_line_in_order()
    {
        // Docs: "RUN <<FILE1 cat > file1 && <<FILE2 cat > file2".
        var text = "FROM alpine\nRUN <<FILE1 cat > file1 && <<FILE2 cat > file2\nI am\nfirst\nFILE1\nI am\nsecond\nFILE2\n";
        var result = DockerfileParser.Parse(text);

        var run = result.Stages[0].Steps[0];
        Assert.Equal(["FILE1", "FILE2"], run.Heredocs.Select(h => h.Name));
        Assert.Equal(["I am\nfirst\n", "I am\nsecond\n"], run.Heredocs.Select(h => h.Content));
        Assert.Equal("RUN <<FILE1 cat > file1 && <<FILE2 cat > file2", run.DisplayName);
        Assert.Equal(8, run.EndLine);
    }

    [Fact]
    public void Should_copy_heredocs_next_to_ordinary_sources()
    {
        var result = DockerfileParser.Parse("FROM alpine\nCOPY app.py <<EOF /app/\nprint('hi')\nEOF\n");

        var copy = result.Stages[0].Steps[0];
        Assert.Equal(["app.py"], copy.SourcePaths);
        Assert.Equal("EOF", Assert.Single(copy.Heredocs).Name);
        Assert.Equal("/app/", copy.Destination);
    }

    [Fact]
    public void Should_keep_the_file_descriptor_of_a_heredoc()
    {
        var result = DockerfileParser.Parse("FROM alpine\nRUN python3 /dev/fd/3 3<<EOF\nprint(1)\nEOF\n");

        Assert.Equal(3, Assert.Single(result.Stages[0].Steps[0].Heredocs).FileDescriptor);
    }

    [Fact]
    public void Should_report_an_unterminated_heredoc_at_its_instruction()
    {
        var result = DockerfileParser.Parse("FROM alpine\nRUN <<EOF\necho never ends\n");

        Assert.Equal("line 2: unterminated heredoc", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("RUN [\"cat\", \"<<EOF\"]")]
    [InlineData("RUN echo $((1<<2))")]
    [InlineData("RUN echo '<<EOF'")]
    [InlineData("LABEL x=\"<<EOF\"")]
    public void Should_not_read_heredocs_where_buildkit_does_not(string line)
    {
        var result = DockerfileParser.Parse($"FROM alpine\n{line}\nRUN after");

        Assert.Equal(2, result.Stages[0].Steps.Count);
        Assert.Empty(result.Stages[0].Steps[0].Heredocs);
    }

    [Fact]
    public void Should_reject_a_heredoc_as_copy_destination()
    {
        var result = DockerfileParser.Parse("FROM alpine\nCOPY a <<EOF\nx\nEOF\n");

        Assert.Contains("line 2: COPY cannot accept a heredoc as a destination", result.Errors.Select(e => e.ToString()));
    }
}
