using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles.Shell;

// ${v##*??…x} on a value of a's keeps every state of the pattern alive to the value's end and never matches, so
// its work is (tokens × value length): about 33 million steps with 30 '?', about 65 million with 60, against a
// budget of 50 million per substitution.
public class ShellPatternTests
{
    private static readonly Dictionary<string, string> HugeValue = new() { ["v"] = new string('a', 1 << 20) };

    private static string Costly(int anyOnes) => "${v##*" + new string('?', anyOnes) + "x}";

    [Fact]
    public void Should_give_up_on_a_substitution_past_its_work_budget()
    {
        var result = DockerfileParser.Parse($"FROM a\nARG v\nLABEL t={Costly(60)}", HugeValue);

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("pattern substitution is too costly for this value", error.Message);
    }

    [Fact]
    public void Should_give_each_substitution_its_own_work_budget()
    {
        // Each of the two fits the budget; together they would not.
        var result = DockerfileParser.Parse($"FROM a\nARG v\nLABEL t={Costly(30)}{Costly(30)}", HugeValue);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(2 << 20, result.Stages[0].Steps[1].Arguments[1].Length);
    }
}
