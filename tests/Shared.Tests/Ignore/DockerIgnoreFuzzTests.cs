using System.Text;
using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Ignore;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BuildFarm.Shared.Tests.Ignore;

/// <summary>
/// Random and mutated .dockerignore files against random paths: a file parses or is refused with a
/// <see cref="FormatException"/> (the one documented failure), and matching never throws, hangs or balloons.
/// </summary>
public class DockerIgnoreFuzzTests
{
    // Each pattern becomes a compiled regular expression, about 1.3 to 1.8 KB of allocation per pattern character
    // (measured on 20,000-character lines of '?'); linear, so a cap per character still catches anything worse.
    private const long BytesPerPatternChar = 4096;

    [Property(MaxTest = 2000, Arbitrary = [typeof(FuzzedIgnoreFiles)])]
    public void Should_parse_or_refuse_any_dockerignore_and_then_match_any_path(FuzzedIgnore input) =>
        FuzzBounds.Run(input.Text + string.Concat(input.Paths), () => MatchAll(input), input.ToString(), BytesPerPatternChar);

    [Fact]
    public void Should_parse_or_refuse_thousands_of_mutations_of_real_dockerignore_files()
    {
        var random = new Random(20261205);
        for (var i = 0; i < 2000; i++)
        {
            var text = FuzzedIgnoreFiles.Mutate(FuzzedIgnoreFiles.Samples[i % FuzzedIgnoreFiles.Samples.Length], random, 1 + random.Next(8));
            var paths = Enumerable.Range(0, 8).Select(_ => FuzzedIgnoreFiles.RandomPath(random)).ToArray();
            var input = new FuzzedIgnore(text, paths);
            FuzzBounds.Run(text, () => MatchAll(input), input.ToString(), BytesPerPatternChar);
        }
    }

    // Found by the fuzz run: "a*" repeated 250 times cost 247 MB and half a second per path matched.
    [Fact]
    public void Should_refuse_a_line_with_more_stars_than_any_real_pattern_and_keep_one_with_64()
    {
        var many = "[Bb]" + string.Concat(Enumerable.Repeat("a*", 65));
        var most = "[Bb]" + string.Concat(Enumerable.Repeat("a*", 64));

        var error = Assert.Throws<FormatException>(() => DockerIgnore.Parse("ok\n" + many));
        Assert.StartsWith(".dockerignore line 2: pattern \"[Bb]a*a*", error.Message);
        Assert.EndsWith("has 65 '*' wildcards; at most 64 are allowed in one line", error.Message);
        Assert.False(DockerIgnore.Parse("\\*" + many.Replace("*", "\\*")).IsExcluded("x"));
        FuzzBounds.Run(most, () => Assert.True(DockerIgnore.Parse(most).IsExcluded("B" + new string('a', 4000))), null, BytesPerPatternChar);
    }

    private static void MatchAll(FuzzedIgnore input)
    {
        DockerIgnore ignore;
        try
        {
            ignore = DockerIgnore.Parse(input.Text);
        }
        catch (FormatException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            return;
        }

        foreach (var path in input.Paths)
        {
            var excluded = ignore.IsExcluded(path);
            // A folder that may be skipped must itself be excluded, or skipping it would drop files Docker sends.
            Assert.True(!ignore.CanSkipDirectory(path) || excluded, $"'{path}' may be skipped but is not excluded");
        }

        var files = input.Paths.Select(p => new ContextFile(p, new string('0', 40), ContextFile.RegularMode, p.Length));
        var snapshot = ContextSnapshot.FromFiles(files, ignore);
        Assert.All(snapshot.Files, f => Assert.False(ignore.IsExcluded(f.Path)));
    }
}

/// <summary>A .dockerignore and the paths matched against it; printed whole when a property fails.</summary>
public sealed record FuzzedIgnore(string Text, string[] Paths)
{
    public override string ToString() => $"{Text.Replace("\n", "⏎")} ∋? [{string.Join(", ", Paths)}]";
}

public static class FuzzedIgnoreFiles
{
    private const string Alphabet = "*?[]!^\\/-.#\n\r\t a0Z_{}:é\0";

    // Patterns as people write them, and the shapes Go's filepath.Match and Docker's exceptions make hard.
    private static readonly string[] Lines =
    [
        "*.md", "!README.md", "**/node_modules", "build/", "/dist", "a/**/b", "**", "*", "**/*.py[co]", "[a-z]*.txt",
        "[!a-c]x", "[^x]", "\\[literal", "a\\*b", "?", "!", "# comment", "", "  spaced  ", "../outside", "./here", "a\\",
        "[", "[]", "[\\", "[a-]", "***", "a/../../b", "!**/keep", "!.git", ".git", "data/**/*.bin", "**/", "/", "//x//",
        "[[:alpha:]]", "**/**/**/**/**/**/**/x", "*?*?*?*?*?*?*?*?*?*?y", "\\", "!*", "models/*.pt\n!models/base.pt",
    ];

    private static readonly string[] Segments =
        ["a", "b", "x.md", "README.md", "node_modules", ".git", "build", "dist", "data", "m.bin", "..", ".", "", "[", "*", "\\", "é", "keep"];

    public static readonly string[] Samples =
    [
        ".git\n**/__pycache__\n*.pyc\n!keep.pyc\ndata/\nmodels/*.pt\n!models/base.pt\n",
        "*\n!src\n!requirements.txt\n!configs/**\nsrc/**/test_*\n",
        "# ML repo\n**/.ipynb_checkpoints\nwandb/\nlogs/**/*.log\n[Bb]uild*/\n.venv\n",
    ];

    public static Arbitrary<FuzzedIgnore> IgnoreFiles()
    {
        var text = Gen.Elements(Lines).ListOf().Select(lines => string.Join('\n', lines));
        var edits = Gen.Choose(0, int.MaxValue).ArrayOf().Select(a => a.Take(8).ToArray());
        var path = Gen.Elements(Segments).ListOf().Select(s => string.Join('/', s.Take(8)));
        var paths = path.ArrayOf().Select(p => p.Take(10).ToArray());
        return text.SelectMany(_ => edits, (t, e) => Apply(t, e))
            .SelectMany(_ => paths, (t, p) => new FuzzedIgnore(t, p))
            .ToArbitrary();
    }

    public static string RandomPath(Random random) =>
        string.Join('/', Enumerable.Range(0, random.Next(1, 6)).Select(_ => Segments[random.Next(Segments.Length)]));

    public static string Mutate(string seed, Random random, int edits) =>
        Apply(seed, Enumerable.Range(0, edits).Select(_ => random.Next()).ToArray());

    // Each number picks an edit, where it lands and what it inserts, so FsCheck and a seeded Random drive the same
    // mutations; one edit in eight makes a huge line.
    private static string Apply(string seed, int[] edits)
    {
        var text = new StringBuilder(seed);
        foreach (var edit in edits)
        {
            var at = text.Length == 0 ? 0 : (edit >> 4) % (text.Length + 1);
            switch (edit % 8)
            {
                case 0 or 1:
                    text.Insert(at, Alphabet[(edit >> 8) % Alphabet.Length]);
                    break;
                case 2 when at < text.Length:
                    text.Remove(at, Math.Min(1 + ((edit >> 8) % 12), text.Length - at));
                    break;
                case 3 when text.Length > 0:
                    var from = (edit >> 8) % text.Length;
                    text.Insert(at, text.ToString(from, Math.Min(1 + (edit % 40), text.Length - from)));
                    break;
                case 4:
                    text.Insert(at, Lines[(edit >> 8) % Lines.Length] + "\n");
                    break;
                case 5:
                    text.Insert(at, new string("*?a/["[(edit >> 8) % 5], 2_000 + (edit % 8_000)));
                    break;
                default:
                    text.Length = Math.Min(text.Length, at + ((edit >> 8) % 64));
                    break;
            }
        }

        return text.ToString();
    }
}
