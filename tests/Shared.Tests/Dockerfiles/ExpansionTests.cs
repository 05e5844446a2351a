using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles;

public class ExpansionTests
{
    // WORKDIR takes its whole argument as one word, as lex.go ProcessWord sees it; ARGs given a build arg are set,
    // the one declared without a value ("unset") is not.
    private static string Expand(string word)
    {
        var args = new Dictionary<string, string> { ["foo"] = "bar", ["empty"] = "", ["str"] = "foobarbaz", ["path"] = "/a/b/c.tar.gz" };
        var result = DockerfileParser.Parse($"FROM alpine\nARG foo empty str path unset\nWORKDIR {word}", args);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Stages[0].Steps[1].Arguments[0];
    }

    [Theory]
    [InlineData("$foo", "bar")]
    [InlineData("${foo}", "bar")]
    [InlineData("x${foo}y", "xbary")]
    [InlineData("$foo.txt", "bar.txt")]
    [InlineData("$unset", "")]
    [InlineData("${foo:-word}", "bar")]
    [InlineData("${unset:-word}", "word")]
    [InlineData("${empty:-word}", "word")]
    [InlineData("${empty-word}", "")]
    [InlineData("${unset-word}", "word")]
    [InlineData("${foo:+word}", "word")]
    [InlineData("${empty:+word}", "")]
    [InlineData("${empty+word}", "word")]
    [InlineData("${unset+word}", "")]
    [InlineData("${unset:-${foo}}", "bar")]
    [InlineData("${foo?}", "bar")]
    public void Should_expand_variables_and_defaults_like_buildkit(string word, string expected) =>
        Assert.Equal(expected, Expand(word));

    [Theory]
    [InlineData("\\$foo", "$foo")]
    [InlineData("'$foo'", "$foo")]
    [InlineData("\"$foo\"", "bar")]
    [InlineData("\"\\$foo\"", "$foo")]
    [InlineData("'a\\b'", "a\\b")]
    [InlineData("\"a\\b\"", "a\\b")]
    [InlineData("a\\ b", "a b")]
    [InlineData("$", "$")]
    [InlineData("a$", "a$")]
    [InlineData("$1x", "x")]
    public void Should_process_quotes_and_escapes_like_buildkit(string word, string expected) =>
        Assert.Equal(expected, Expand(word));

    [Theory]
    [InlineData("${str#f*b}", "arbaz")]
    [InlineData("${str##f*b}", "az")]
    [InlineData("${str%a*z}", "foobarb")]
    [InlineData("${str%%a*z}", "foob")]
    [InlineData("${str/ba/XY}", "fooXYrbaz")]
    [InlineData("${str//ba/XY}", "fooXYrXYz")]
    [InlineData("${str/o?/_}", "f_barbaz")]
    [InlineData("${path##*/}", "c.tar.gz")]
    [InlineData("${path%%.*}", "/a/b/c")]
    [InlineData("${path%.*}", "/a/b/c.tar")]
    [InlineData("${str#nomatch}", "foobarbaz")]
    [InlineData("${str/\\*/x}", "foobarbaz")]
    public void Should_apply_shell_patterns_like_buildkit(string word, string expected) =>
        Assert.Equal(expected, Expand(word));

    [Theory]
    [InlineData("${}", "syntax error: bad substitution")]
    [InlineData("${:x}", "syntax error: bad substitution")]
    [InlineData("${foo", "syntax error: missing '}'")]
    [InlineData("${foo:-bar", "syntax error: missing '}'")]
    [InlineData("${foo:x}", "unsupported modifier (:x) in substitution")]
    [InlineData("${foo:#x}", "unsupported modifier (:#) in substitution")]
    [InlineData("${unset?}", "unset: is not allowed to be unset")]
    [InlineData("${empty:?must be set}", "empty: must be set")]
    [InlineData("'open", "unexpected end of statement while looking for matching single-quote")]
    [InlineData("\"open", "unexpected end of statement while looking for matching double-quote")]
    public void Should_report_bad_substitutions_with_the_line(string word, string message)
    {
        var result = DockerfileParser.Parse($"FROM alpine\nARG foo=1 empty=\nWORKDIR {word}");

        Assert.Equal($"line 3: failed to process \"{word}\": {message}", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Should_expand_env_pairs_with_the_scope_before_the_instruction()
    {
        // Docs, "Environment replacement": def is hello, not bye; ghi is bye.
        var result = DockerfileParser.Parse("FROM busybox\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\nRUN env\n");

        var steps = result.Stages[0].Steps;
        Assert.Equal(["ENV abc=hello", "ENV abc=bye def=hello", "ENV ghi=bye"], steps.Take(3).Select(s => s.Text));
        Assert.Equal([new DockerfileVariable("abc", "bye"), new DockerfileVariable("def", "hello"), new DockerfileVariable("ghi", "bye")],
            steps[3].EnvInScope);
    }

    [Fact]
    public void Should_expand_the_documented_instructions_and_show_them_like_buildkit()
    {
        // Docs, "Environment replacement": WORKDIR ${FOO}, ADD . $FOO, COPY \$FOO /quux.
        var text = "FROM busybox\nENV FOO=/bar\nWORKDIR ${FOO}\nADD . $FOO\nCOPY \\$FOO /quux\nLABEL dir=$FOO\nEXPOSE ${PORT:-8080}/tcp\nVOLUME $FOO/data\nUSER ${FOO}\nSTOPSIGNAL SIG${FOO:+KILL}\n";
        var steps = DockerfileParser.Parse(text).Stages[0].Steps;

        Assert.Equal(["ENV FOO=/bar", "WORKDIR /bar", "ADD . /bar", "COPY $FOO /quux", "LABEL dir=/bar",
            "EXPOSE 8080/tcp", "VOLUME /bar/data", "USER /bar", "STOPSIGNAL SIGKILL"], steps.Select(s => s.Text));
        Assert.Equal(["$FOO"], steps[3].SourcePaths);
        Assert.Equal([".", "/bar"], steps[2].Arguments);
    }

    [Theory]
    [InlineData("CMD echo $FOO")]
    [InlineData("ENTRYPOINT [\"echo\", \"$FOO\"]")]
    [InlineData("ONBUILD RUN echo $FOO")]
    [InlineData("HEALTHCHECK CMD test -f $FOO")]
    public void Should_not_expand_instructions_that_the_shell_or_the_child_build_expands(string line)
    {
        var step = DockerfileParser.Parse($"FROM busybox\nENV FOO=/bar\n{line}").Stages[0].Steps[1];

        Assert.Contains("$FOO", step.Text);
    }
}
