using System.Text;
using BuildFarm.Shared.Lint;
using BuildFarm.Shared.Tests.Dockerfiles;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BuildFarm.Shared.Tests.Lint;

public class LintRobustnessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Property(MaxTest = 400, Arbitrary = [typeof(FuzzedDockerfiles)])]
    public void Should_return_a_report_for_any_generated_or_mutated_dockerfile(FuzzedDockerfile dockerfile)
    {
        AssertLints(dockerfile.Text, dockerfile.Context);
    }

    [Fact]
    public void Should_return_a_report_for_thousands_of_mutations_of_real_dockerfiles()
    {
        var seeds = FuzzedDockerfiles.Samples.Append(File.ReadAllText(Path.Combine(RepositoryRoot(), "demo", "Dockerfile"))).ToArray();
        var random = new Random(20261207);
        for (var i = 0; i < 2000; i++)
        {
            var text = FuzzedDockerfiles.Mutate(seeds[i % seeds.Length], random, 1 + random.Next(8));
            AssertLints(text, random.Next(3) == 0 ? new LintContext(false, random.NextInt64(1L << 34)) : null);
        }
    }

    [Theory]
    [MemberData(nameof(RobustnessTests.Pathological), MemberType = typeof(RobustnessTests))]
    public void Should_return_a_report_for_pathological_input_without_hanging(string name, string text)
    {
        Assert.NotNull(name);
        AssertLints(text, new LintContext(false));
    }

    [Theory]
    [InlineData("deep substitutions", "RUN echo ")]
    [InlineData("deep here-documents", "RUN bash <<A\n")]
    [InlineData("a long pipeline", "RUN curl x")]
    public void Should_lint_scripts_nested_or_chained_thousands_deep(string name, string start)
    {
        var body = name switch
        {
            "deep substitutions" => string.Concat(Enumerable.Repeat("\"$(sh -c ", 3000)) + "curl x" + string.Concat(Enumerable.Repeat(")\"", 3000)),
            "deep here-documents" => string.Concat(Enumerable.Range(0, 2000).Select(i => $"bash <<D{i}\n")) + "apt-get update\n",
            _ => string.Concat(Enumerable.Repeat(" | sh", 20_000)),
        };

        AssertLints(Linted.PinnedBase + start + body + "\n", null);
    }

    private static void AssertLints(string text, LintContext? context)
    {
        var task = Task.Run(() => DockerfileLint.Check(text, context));
        Assert.True(task.Wait(Deadline), $"Lint did not return within {Deadline} for input starting {Preview(text)}");
        var report = task.Result;
        var lines = text.Count(c => c == '\n') + 1;
        Assert.All(report.Findings.Concat(report.Waived.Select(w => w.Finding)), f =>
        {
            Assert.InRange(f.Line, 1, lines);
            Assert.NotNull(LintRules.Find(f.Rule));
            Assert.False(string.IsNullOrWhiteSpace(f.Message));
            Assert.False(string.IsNullOrWhiteSpace(f.Fix));
        });
        Assert.True(report.Refused || report.ParseErrors.Count == 0);
        Assert.True(!report.Refused || report.Findings.Count == 0);
    }

    private static string Preview(string text) => text.Length <= 80 ? text : text[..80] + "…";

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "BuildFarm.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("BuildFarm.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A Dockerfile drawn from lint-relevant fragments, then mutated; printed whole when a property fails.</summary>
public sealed record FuzzedDockerfile(string Text, LintContext? Context)
{
    public override string ToString() => Text.Replace("\n", "⏎");
}

public static class FuzzedDockerfiles
{
    private const string Alphabet = "\\`$(){}\"'<>|&;#\n\r\t =,@:/[]-*?!aZ09_EOF";

    // One fragment per rule variant the lint reads, and the shell shapes its reader has to survive.
    private static readonly string[] Fragments =
    [
        "FROM python", "FROM python:3.12", "FROM python:3.12@sha256:6d9ac9237a84afe1516540f40a0fafdc86859b2141954b4d643af7066d598b74 AS base",
        "FROM base", "ARG BASE=ubuntu:latest", "FROM ${BASE}", "FROM scratch", "WORKDIR /app", "ENV PIP_NO_CACHE_DIR=1",
        "COPY . .", "COPY requirements.txt .", "COPY [\"package.json\", \"yarn.lock\", \"./\"]", "ADD https://x.example/a.bin /a",
        "ADD https://github.com/o/r.git#main /src", "COPY --from=base /x /y",
        "RUN apt-get update", "RUN apt update && apt install -y curl", "RUN apt-get install -y git && rm -rf /var/lib/apt/lists/*",
        "RUN pip install torch numpy>=1", "RUN python3 -m pip install --no-cache-dir -r requirements.txt",
        "RUN uv pip install --system 'x @ git+https://g/r@main'", "RUN --mount=type=cache,target=/root/.cache/pip pip install -e .",
        "RUN --mount=type=bind,target=/src pip install /src", "RUN conda env create -f environment.yml", "RUN npm ci",
        "RUN curl -fsSL https://x | sh", "RUN sh -c \"$(wget -qO- https://x)\"", "RUN bash <(curl -s https://x)",
        "RUN git clone -b main https://g/r && git -C r checkout $C", "RUN [\"/bin/sh\", \"-c\", \"apt-get update\"]",
        "RUN [\"pip\", \"install\", \"x\"]", "RUN <<EOF\napt-get update\ncurl x | sh\nEOF", "RUN bash <<'A' && echo\npip install y\nA",
        "RUN cat <<-X > /f\n\tdata $(curl x)\n\tX", "RUN a \\\n  && b \\\n  | c", "RUN echo 'unclosed", "RUN echo \"$(unclosed",
        "RUN x >&2 2>/dev/null <<< here", "# farm-lint ignore=pip-unpinned reason", "# farm-lint ignore-file=base-latest,nope",
        "#farm-lint ignore=", "# comment", "ONBUILD RUN pip install x", "CMD [\"python\"]",
    ];

    private static readonly string[] Separators = ["\n", "\r\n", " \\\n", "\n\n"];

    public static readonly string[] Samples =
    [
        string.Join('\n', Fragments),
        "FROM pytorch/pytorch:2.9.0\nCOPY . /app\nRUN pip install -r /app/requirements.txt && curl -s https://x | bash\n",
    ];

    public static Arbitrary<FuzzedDockerfile> Dockerfiles()
    {
        var text = Gen.Elements(Fragments).ListOf()
            .SelectMany(_ => Gen.Elements(Separators), (lines, separator) => string.Join(separator, lines));
        var edits = Gen.Choose(0, int.MaxValue).ArrayOf().Select(a => a.Take(8).ToArray());
        var context = Gen.Elements<LintContext?>(null, new LintContext(false), new LintContext(false, 1L << 32, 10), new LintContext(true, 5));
        return text.SelectMany(_ => edits, (t, e) => (t, e))
            .SelectMany(_ => context, (te, c) => new FuzzedDockerfile(Apply(te.t, te.e), c))
            .ToArbitrary();
    }

    public static string Mutate(string seed, Random random, int edits) =>
        Apply(seed, Enumerable.Range(0, edits).Select(_ => random.Next()).ToArray());

    // Each number picks an edit, where it lands and what it inserts or removes, so FsCheck and a seeded Random
    // drive the same mutations.
    private static string Apply(string seed, int[] edits)
    {
        var text = new StringBuilder(seed);
        foreach (var edit in edits)
        {
            var at = text.Length == 0 ? 0 : (edit >> 4) % (text.Length + 1);
            switch (edit % 5)
            {
                case 0:
                    text.Insert(at, Alphabet[(edit >> 8) % Alphabet.Length]);
                    break;
                case 1 when at < text.Length:
                    text.Remove(at, Math.Min(1 + ((edit >> 8) % 12), text.Length - at));
                    break;
                case 2 when text.Length > 0:
                    var from = (edit >> 8) % text.Length;
                    text.Insert(at, text.ToString(from, Math.Min(1 + (edit % 40), text.Length - from)));
                    break;
                case 3:
                    text.Insert(at, Fragments[(edit >> 8) % Fragments.Length] + "\n");
                    break;
                default:
                    text.Length = Math.Min(text.Length, at + ((edit >> 8) % 64));
                    break;
            }
        }

        return text.ToString();
    }
}
