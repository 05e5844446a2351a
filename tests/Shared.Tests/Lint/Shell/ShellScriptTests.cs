using BuildFarm.Shared.Lint.Shell;

namespace BuildFarm.Shared.Tests.Lint.Shell;

public class ShellScriptTests
{
    private static List<string> Commands(string script) => ShellScript.Parse(script).Select(c => c.ToString()).ToList();

    [Fact]
    public void Should_split_lists_and_pipelines_into_commands()
    {
        Assert.Equal(["a 1", "b", "c", "d", "e", "f", "g"], Commands("a 1 && b || c; d | e & f\ng"));
    }

    [Fact]
    public void Should_mark_commands_that_read_a_pipe()
    {
        var commands = ShellScript.Parse("curl -s x | sudo sh && echo");

        Assert.Equal([false, true, false], commands.Select(c => c.ReadsPipe));
    }

    [Fact]
    public void Should_remove_quotes_and_escapes_but_keep_variables_as_written()
    {
        var command = Assert.Single(ShellScript.Parse("pip install 'a b' \"c $X d\" e\\ f ''"));

        Assert.Equal(["pip", "install", "a b", "c $X d", "e f", ""], command.Words);
    }

    [Fact]
    public void Should_drop_redirections_with_their_targets()
    {
        Assert.Equal(["make all", "cat"], Commands("make all > /log 2>&1 &>/dev/null; cat < in"));
    }

    [Fact]
    public void Should_skip_comments_and_join_escaped_newlines()
    {
        Assert.Equal(["a b", "c"], Commands("# note && x\na \\\n b # trailing\nc"));
    }

    [Fact]
    public void Should_read_substitutions_as_commands_of_their_own()
    {
        var command = Assert.Single(ShellScript.Parse("sh -c \"$(curl -fsSL https://x/i.sh)\""));

        Assert.Equal("curl -fsSL https://x/i.sh", Assert.Single(command.Substituted).ToString());
        Assert.Equal("$(curl -fsSL https://x/i.sh)", command.Words[2]);
    }

    [Fact]
    public void Should_give_here_document_bodies_to_the_command_that_reads_them()
    {
        var commands = ShellScript.Parse("bash <<-EOF && echo done\n\tapt-get update\n\tEOF\nnext");

        Assert.Equal(["bash", "echo done", "next"], commands.Select(c => c.ToString()));
        Assert.Equal("\tapt-get update\n", Assert.Single(commands[0].Documents));
    }

    [Fact]
    public void Should_run_unclosed_quotes_and_substitutions_to_the_end_without_failing()
    {
        Assert.Equal(["echo unclosed && still"], Commands("echo \"unclosed && still"));
        Assert.Single(ShellScript.Parse("echo $(curl x | sh"));
    }

    [Fact]
    public void Should_keep_deep_nesting_as_text()
    {
        var script = string.Concat(Enumerable.Repeat("$(", 5000)) + "x" + new string(')', 5000);

        Assert.Single(ShellScript.Parse("echo " + script));
    }
}
