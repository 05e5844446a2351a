using System.Text;
using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles;

public class RobustnessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static readonly string[] Seeds =
    [
        "# syntax=docker/dockerfile:1\n# escape=`\nARG BASE=alpine:3.19\nFROM --platform=$BUILDPLATFORM ${BASE} AS build\nARG TARGETOS\nENV A=1 B=\"two words\" C=${A:-x}\nRUN echo a `\n  b && \\\n  c\nCOPY --from=0 --chown=1:1 [\"a b\", \"/c/\"]\n",
        "FROM python:3.11@sha256:6d9ac9237a84afe1516540f40a0fafdc86859b2141954b4d643af7066d598b74 AS deps\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip,sharing=locked pip install -r requirements.txt\nFROM deps\nCOPY src/ /app/src/\nCMD [\"python\", \"-m\", \"app\"]\n",
        "FROM alpine\nRUN <<EOF\necho ${X:+y}\nEOF\nCOPY <<-\"EOT\" a.txt <<B /dst/\n\tx\n\tEOT\nb\nB\nONBUILD RUN <<X\nmake\nX\nHEALTHCHECK --interval=5s CMD [\"true\"]\n",
        "ARG V=1\nFROM img:${V%.*} AS a\nLABEL k=${V/1/2} \"x y\"=z\nEXPOSE 80/tcp ${P:-443}\nVOLUME [\"/data\"]\nFROM a AS b\nCOPY --from=a --link --exclude=*.md /x /y\nWORKDIR ${HOME:-/root}\nUSER 1000:1000\nSTOPSIGNAL SIGTERM\nSHELL [\"/bin/bash\", \"-c\"]\n",
    ];

    private const string Alphabet = "\\`$${}}\"\"''<<-#\n\n\r[]=,:/@ \t\0aZ09_EOF%?+*!";

    [Fact]
    public void Should_return_a_result_for_thousands_of_mutated_dockerfiles()
    {
        var random = new Random(20240917);
        for (var i = 0; i < 3000; i++)
        {
            var text = Mutate(Seeds[i % Seeds.Length], random, 1 + random.Next(8));
            AssertParses(text, random.Next(4) == 0 ? new Dictionary<string, string> { ["V"] = "2", ["TARGETPLATFORM"] = "x" } : null);
        }
    }

    public static TheoryData<string, string> Pathological() => new()
    {
        { "unterminated heredoc", "FROM a\nRUN <<EOF\nnever\n" },
        { "unterminated substitution", "FROM a\nENV A=${\nCOPY ${X /y\nWORKDIR ${A:-${B\n" },
        { "1 MB single line", "FROM a\nRUN " + new string('x', 1 << 20) },
        { "1 MB of substitutions", "FROM a\nENV " + string.Concat(Enumerable.Repeat("A=${A}${A} ", 90_000)) },
        { "deep continuations", "FROM a\nRUN a" + string.Concat(Enumerable.Repeat(" \\\n", 200_000)) + "b" },
        { "deeply nested defaults", "FROM a\nWORKDIR " + string.Concat(Enumerable.Repeat("${A:-", 10_000)) + "x" + new string('}', 10_000) },
        { "chained onbuild", "FROM a\n" + string.Concat(Enumerable.Repeat("ONBUILD ", 8_000)) + "RUN x" },
        { "thousands of args", "FROM a\n" + string.Concat(Enumerable.Range(0, 30_000).Select(i => $"ARG A{i}=${{A{i - 1}}}\n")) },
        { "thousands of chained stages", "FROM a AS s0\n" + string.Concat(Enumerable.Range(1, 40_000).Select(i => $"FROM s{i - 1} AS s{i}\n")) },
        { "thousands of copy heredocs", "FROM a\nCOPY " + string.Concat(Enumerable.Repeat("<<E ", 10_000)) + "/d\nx\nE\n" },
        { "costly pattern", "FROM a\nARG A=" + new string('a', 30_000) + "\nWORKDIR ${A//a*b/c}${A%%*b}\n" },
        { "nul bytes", "FROM a\0\nRUN \0\0 ${\0}\n\0COPY \0 \0\n" },
        { "only comments", "# one\n# two\n   # three\n" },
        { "empty", "" },
        { "only a backslash", "\\" },
        { "lone surrogates", "FROM a\nRUN \ud800 ${\udc00}\nCOPY [\"\ud800\", \"/x\"]\n" },
        { "json nesting", "FROM a\nCMD " + new string('[', 20_000) + new string(']', 20_000) },
    };

    [Theory]
    [MemberData(nameof(Pathological))]
    public void Should_return_errors_for_pathological_input_without_hanging(string name, string text)
    {
        var result = AssertParses(text, null);

        // Some of these are valid Dockerfiles, only hard ones; the rest must come back with errors.
        var valid = new[] { "nul bytes", "lone surrogates", "costly pattern", "thousands of args", "thousands of chained stages",
            "deep continuations", "json nesting" };
        Assert.True(valid.Contains(name) || !result.Succeeded, $"{name} should not parse cleanly");
    }

    [Fact]
    public void Should_report_no_from_for_an_empty_file()
    {
        Assert.Contains("no FROM", AssertParses("", null).Errors.Single().Message);
    }

    private static ParseResult AssertParses(string text, Dictionary<string, string>? args)
    {
        var task = Task.Run(() => DockerfileParser.Parse(text, args));
        Assert.True(task.Wait(Deadline), $"Parse did not return within {Deadline} for input starting {Preview(text)}");
        var result = task.Result;
        var lines = text.Count(c => c == '\n') + 1;
        Assert.All(result.Errors.Concat(result.Warnings), e => Assert.InRange(e.Line, 1, lines));
        Assert.All(result.Stages, (s, i) => Assert.Equal(i, s.Index));
        foreach (var stage in result.Stages.Take(50))
        {
            result.StagesFor(stage.Name, out _);
        }

        result.StagesFor(null, out _);
        return result;
    }

    private static string Mutate(string seed, Random random, int edits)
    {
        var text = new StringBuilder(seed);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(5))
            {
                case 0:
                    text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 1 when at < text.Length:
                    text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
                    break;
                case 2:
                    var from = random.Next(text.Length);
                    text.Insert(at, text.ToString(from, Math.Min(random.Next(1, 40), text.Length - from)));
                    break;
                case 3:
                    text.Insert(at, new[] { "${", "<<EOF\n", "\\\n", "--from=", "--mount=", "[\"", "AS x\n", "FROM ", "\n# escape=`\n" }[random.Next(9)]);
                    break;
                default:
                    text.Length = Math.Min(text.Length, at);
                    break;
            }
        }

        return text.ToString();
    }

    private static string Preview(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
