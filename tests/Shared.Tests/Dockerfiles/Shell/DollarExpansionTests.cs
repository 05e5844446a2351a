using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles.Shell;

// The nesting guard keeps ${a:-${a:-…}} from overflowing the stack; BuildKit (Go) has no such limit, so the farm
// allows 200 levels, far beyond any real Dockerfile, and reports more as an error on the line.
public class DollarExpansionTests
{
    private static string Nested(int depth) =>
        string.Concat(Enumerable.Repeat("${A:-", depth)) + "x" + new string('}', depth);

    [Fact]
    public void Should_expand_defaults_nested_as_deep_as_the_limit()
    {
        var result = DockerfileParser.Parse($"FROM a\nWORKDIR {Nested(200)}");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("x", result.Stages[0].Steps[0].Arguments[0]);
    }

    [Fact]
    public void Should_refuse_a_substitution_nested_one_level_past_the_limit()
    {
        var result = DockerfileParser.Parse($"FROM a\nWORKDIR {Nested(201)}");

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("substitution nested too deeply", error.Message);
    }

    [Fact]
    public void Should_start_every_word_at_depth_zero_after_one_nested_too_deeply()
    {
        var result = DockerfileParser.Parse(
            $"FROM a\nWORKDIR {Nested(201)}\nUSER {Nested(200)}\nLABEL a={Nested(200)} b={Nested(200)}");

        Assert.Equal([2], result.Errors.Select(e => e.Line));
        var steps = result.Stages[0].Steps;
        Assert.Equal(["x"], steps[1].Arguments);
        Assert.Equal(["a", "x", "b", "x"], steps[2].Arguments);
    }
}
