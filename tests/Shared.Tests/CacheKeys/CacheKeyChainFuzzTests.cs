using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Dockerfiles;
using BuildFarm.Shared.Ignore;
using BuildFarm.Shared.Lint;
using BuildFarm.Shared.Tests.Lint;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BuildFarm.Shared.Tests.CacheKeys;

/// <summary>
/// Everything the farm does with a Dockerfile it was sent, in the order it does it (parse, lint, plan keys against a
/// context), fed generated and mutated Dockerfiles: none of it throws, hangs or balloons, and a plan either has keys
/// or says why not.
/// </summary>
public class CacheKeyChainFuzzTests
{
    private static readonly string[] Context =
        ["requirements.txt", "src/train.py", "src/model/net.py", "configs/base.yaml", "README.md", "data/big.bin", "a b/c.txt", ".dockerignore"];

    [Property(MaxTest = 2000, Arbitrary = [typeof(FuzzedDockerfiles)])]
    public void Should_parse_lint_and_plan_any_generated_or_mutated_dockerfile_within_bounds(FuzzedDockerfile dockerfile, bool withContext)
    {
        FuzzBounds.Run(dockerfile.Text, () => ParseLintAndPlan(dockerfile.Text, withContext ? "data/\n!data/keep\n*.md" : null));
    }

    [Fact]
    public void Should_parse_lint_and_plan_thousands_of_mutations_of_the_demo_dockerfile_with_huge_lines()
    {
        var demo = File.ReadAllText(Path.Combine(LintRobustnessTests.RepositoryRoot(), "demo", "Dockerfile"));
        var random = new Random(20261206);
        for (var i = 0; i < 2000; i++)
        {
            var text = FuzzedDockerfiles.Mutate(demo, random, 1 + random.Next(8));
            if (i % 50 == 0)
            {
                var at = random.Next(text.Length + 1);
                text = text[..at] + new string("x\\$ {"[random.Next(5)], 100_000 + random.Next(100_000)) + text[at..];
            }

            FuzzBounds.Run(text, () => ParseLintAndPlan(text, i % 2 == 0 ? "**/*.md\n!README.md" : null));
        }
    }

    private static void ParseLintAndPlan(string text, string? dockerignore)
    {
        var args = new Dictionary<string, string> { ["TORCH_VERSION"] = "2.4.0" };
        var parsed = DockerfileParser.Parse(text, args);
        var report = DockerfileLint.Check(text, null, args);
        Assert.True(report.Refused || report.ParseErrors.Count == 0);

        var snapshot = dockerignore is null
            ? null
            : ContextSnapshot.FromFiles(Context.Select(p => new ContextFile(p, new string('a', 40), ContextFile.RegularMode, 10)),
                DockerIgnore.Parse(dockerignore));
        var plan = CacheKeyChain.Compute(parsed, null, args, reference => reference.Contains("cuda") ? PlanInputs.PythonDigest : null, snapshot);

        Assert.True(parsed.Succeeded || !plan.Succeeded, "a Dockerfile that does not parse got a plan");
        Assert.All(plan.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e)));
        if (plan.Succeeded && plan.Target is { } target)
            Assert.All(target.Steps, s => Assert.False(string.IsNullOrEmpty(s.Key)));
    }
}
