using BuildFarm.Shared.Ignore;

namespace BuildFarm.Shared.Tests.Ignore;

// The examples of Docker's ".dockerignore file" reference page, case by case.
public class DockerIgnoreDocumentedExamplesTests
{
    private static readonly DockerIgnore TempRules = DockerIgnore.Parse("""
        # comment
        */temp*
        */*/temp*
        temp?
        """);

    [Theory]
    [InlineData("somedir/temporary.txt")]
    [InlineData("somedir/temp")]
    [InlineData("somedir/temp/inside.txt")]
    [InlineData("somedir/subdir/temporary.txt")]
    [InlineData("tempa")]
    [InlineData("tempb")]
    public void Should_exclude_what_the_temp_rules_describe(string path) =>
        Assert.True(TempRules.IsExcluded(path));

    [Theory]
    [InlineData("temporary.txt")]
    [InlineData("temp")]
    [InlineData("tempab")]
    [InlineData("a/b/c/temporary.txt")]
    [InlineData("# comment")]
    public void Should_keep_what_the_temp_rules_do_not_name(string path) =>
        Assert.False(TempRules.IsExcluded(path));

    [Theory]
    [InlineData("main.go", true)]
    [InlineData("cmd/app/main.go", true)]
    [InlineData("main.go.txt", false)]
    [InlineData("README.md", false)]
    public void Should_match_any_number_of_directories_with_a_double_star(string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse("**/*.go").IsExcluded(path));

    [Theory]
    [InlineData("CHANGELOG.md", true)]
    [InlineData("README.md", false)]
    [InlineData("docs/guide.md", false)]
    public void Should_keep_an_exception_to_an_exclusion(string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse("*.md\n!README.md").IsExcluded(path));

    [Theory]
    [InlineData("README-secret.md", true)]
    [InlineData("README.md", false)]
    [InlineData("README-usage.md", false)]
    [InlineData("CHANGES.md", true)]
    public void Should_let_the_last_matching_line_decide_when_the_exclusion_comes_last(string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse("*.md\n!README*.md\nREADME-secret.md").IsExcluded(path));

    [Theory]
    [InlineData("README-secret.md", false)]
    [InlineData("README.md", false)]
    [InlineData("CHANGES.md", true)]
    public void Should_let_the_last_matching_line_decide_when_the_exception_comes_last(string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse("*.md\nREADME-secret.md\n!README*.md").IsExcluded(path));

    [Theory]
    [InlineData("src/app/Program.cs", false)]
    [InlineData("src", false)]
    [InlineData("package.json", false)]
    [InlineData("secrets.env", true)]
    [InlineData("tests/unit.cs", true)]
    public void Should_include_only_the_exceptions_after_a_lone_star(string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse("*\n!src\n!package.json").IsExcluded(path));

    [Theory]
    [InlineData("/foo/bar")]
    [InlineData("foo/bar")]
    [InlineData("./foo/bar")]
    [InlineData("  foo/bar  ")]
    [InlineData("foo//bar/")]
    [InlineData("foo/./baz/../bar")]
    public void Should_treat_the_context_root_as_both_working_and_root_directory(string pattern)
    {
        var ignore = DockerIgnore.Parse(pattern);

        Assert.Equal(["foo/bar"], ignore.Patterns);
        Assert.True(ignore.IsExcluded("foo/bar"));
        Assert.False(ignore.IsExcluded("x/foo/bar"));
        Assert.False(ignore.IsExcluded("foo"));
    }
}
