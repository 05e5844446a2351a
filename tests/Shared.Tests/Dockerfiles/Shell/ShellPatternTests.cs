using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles.Shell;

// ${v##*??…x} on a value of a's keeps every state of the pattern alive to the value's end and never matches, so
// its work is (tokens × value length): about 33 million steps with 30 '?', about 65 million with 60, against a
// budget of 50 million per substitution. The substitutions sit in a COPY heredoc body, which is expanded once
// (an instruction's own text is expanded a second time for display).
public class ShellPatternTests
{
    private static readonly Dictionary<string, string> HugeValue = new() { ["v"] = new string('a', 1 << 20) };

    private static string Costly(int anyOnes) => "${v##*" + new string('?', anyOnes) + "x}";

    private static ParseResult CopyBody(string body) =>
        DockerfileParser.Parse($"FROM a\nARG v\nCOPY <<EOF /dst\n{body}\nEOF\n", HugeValue);

    [Fact]
    public void Should_give_up_on_a_substitution_past_its_work_budget()
    {
        var result = CopyBody(Costly(60));

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("pattern substitution is too costly for this value", error.Message);
    }

    [Fact]
    public void Should_give_each_substitution_its_own_work_budget()
    {
        // Each of the two fits the budget; together they would not.
        var result = CopyBody(Costly(30) + Costly(30));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal((2 << 20) + 1, result.Stages[0].Steps[1].Heredocs[0].Content.Length);
    }
}
