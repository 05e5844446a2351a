using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint.Rules;

public class AddUrlCheckTests
{
    private static readonly LintRule Rule = LintRules.AddUrl;

    [Theory]
    [InlineData("ADD https://example.com/model.safetensors /models/", "is fetched on every build")]
    [InlineData("ADD --chown=1000:1000 http://example.com/a.tar.gz /opt/", "is fetched on every build")]
    [InlineData("ADD [\"https://example.com/vocab.json\", \"/models/\"]", "is fetched on every build")]
    [InlineData("ADD https://github.com/org/repo.git#main /src", "branch 'main'")]
    [InlineData("ADD git@github.com:org/repo.git /src", "the default branch")]
    public void Should_report_remote_sources_nothing_pins(string add, string expected)
    {
        var finding = Assert.Single(Linted.AfterBase(add + "\n", Rule));

        Assert.Equal(2, finding.Line);
        Assert.Contains(expected, finding.Message);
    }

    [Theory]
    [InlineData("ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/model.bin /models/")]
    [InlineData("ADD https://github.com/org/repo.git#3f2a9c1d4e5f60718293a4b5c6d7e8f901234567 /src")]
    [InlineData("ADD https://github.com/org/repo.git#v1.4.2:subdir /src")]
    [InlineData("ADD model.tar.gz /models/")]
    [InlineData("COPY https.txt /x")]
    public void Should_accept_pinned_remotes_and_local_files(string add)
    {
        Assert.Empty(Linted.AfterBase(add + "\n", Rule));
    }
}
