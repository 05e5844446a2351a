using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint.Rules;

public class CopyOrderCheckTests
{
    private static readonly LintRule Manifest = LintRules.ManifestNotCopiedFirst;
    private static readonly LintRule Broad = LintRules.BroadCopyBeforeInstall;

    [Fact]
    public void Should_report_an_install_whose_requirements_come_with_the_whole_context()
    {
        var text = "WORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n";

        var finding = Assert.Single(Linted.AfterBase(text, Manifest));
        Assert.Equal(4, finding.Line);
        Assert.Contains("requirements.txt", finding.Message);
        Assert.Contains("`COPY . .`, line 3", finding.Message);
        Assert.Contains("COPY requirements.txt ./", finding.Fix);
        Assert.Empty(Linted.AfterBase(text, Broad));
    }

    [Fact]
    public void Should_accept_the_manifest_copied_alone_then_the_source_after_the_install()
    {
        var text = "COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN python -m compileall .\n";

        Assert.Empty(Linted.AfterBase(text, Manifest));
        Assert.Empty(Linted.AfterBase(text, Broad));
    }

    [Theory]
    [InlineData("RUN python3 -m pip install --no-cache-dir -r requirements.txt")]
    [InlineData("RUN uv pip install --no-cache --system -r requirements.txt")]
    [InlineData("RUN [\"pip\", \"install\", \"--no-cache-dir\", \"-r\", \"requirements.txt\"]")]
    [InlineData("RUN [\"/bin/sh\", \"-c\", \"pip install --no-cache-dir -r requirements.txt\"]")]
    [InlineData("RUN set -eux; \\\n    pip install --no-cache-dir \\\n        --requirement=requirements.txt")]
    [InlineData("RUN <<EOF\nset -e\npip install --no-cache-dir -rrequirements.txt\nEOF")]
    [InlineData("RUN uv sync --no-cache --frozen")]
    [InlineData("RUN poetry install --no-root")]
    [InlineData("RUN pipenv install --deploy")]
    [InlineData("RUN conda env create -f environment.yml && conda clean -afy")]
    [InlineData("RUN micromamba install -y -n base -f environment.yml && micromamba clean -afy")]
    [InlineData("RUN npm ci")]
    [InlineData("RUN yarn install --frozen-lockfile")]
    [InlineData("RUN go mod download")]
    public void Should_report_every_way_of_installing_from_a_manifest_copied_with_the_source(string install)
    {
        var finding = Assert.Single(Linted.AfterBase("COPY . /app\n" + install + "\n", Manifest));

        Assert.Equal(3, finding.Line);
    }

    [Fact]
    public void Should_report_a_broad_copy_before_an_install_that_reads_nothing_from_it()
    {
        var text = "COPY . /app\nRUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*\n";

        var finding = Assert.Single(Linted.AfterBase(text, Broad));
        Assert.Equal(2, finding.Line);
        Assert.Contains("(line 3)", finding.Message);
        Assert.Contains("Move the install above this COPY", finding.Fix);
    }

    [Theory]
    [InlineData("COPY ./ /app/")]
    [InlineData("COPY * /app/")]
    [InlineData("ADD . /app")]
    [InlineData("COPY [\".\", \"/app\"]")]
    public void Should_treat_every_spelling_of_the_whole_context_as_broad(string copy)
    {
        Assert.Single(Linted.AfterBase(copy + "\nRUN pip install --no-cache-dir torch==2.5.1\n", Broad));
    }

    [Fact]
    public void Should_report_a_broad_copy_once_however_many_installs_follow()
    {
        var text = "COPY . .\nRUN pip install --no-cache-dir torch==2.5.1\nRUN pip install --no-cache-dir numpy==2.1.0\n";

        Assert.Single(Linted.AfterBase(text, Broad));
    }

    [Fact]
    public void Should_report_a_broad_copy_between_the_manifest_copy_and_the_install()
    {
        var text = "COPY requirements.txt .\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n";

        Assert.Contains("line 3", Assert.Single(Linted.AfterBase(text, Manifest)).Message);
    }

    [Fact]
    public void Should_accept_a_broad_copy_before_the_manifest_copy_when_only_the_manifest_counts_after_it()
    {
        // The whole context still comes before the install, which the broad rule reports at the COPY.
        var text = "COPY . .\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n";

        Assert.Empty(Linted.AfterBase(text, Manifest));
        Assert.Equal(2, Assert.Single(Linted.AfterBase(text, Broad)).Line);
    }

    [Fact]
    public void Should_report_a_manifest_copied_together_with_source_files()
    {
        var text = "COPY requirements.txt train.py ./\nRUN pip install --no-cache-dir -r requirements.txt\n";

        Assert.Contains("together with other files", Assert.Single(Linted.AfterBase(text, Manifest)).Message);
    }

    [Theory]
    [InlineData("COPY requirements/ requirements/\nRUN pip install --no-cache-dir -r requirements/base.txt")]
    [InlineData("COPY requirements*.txt ./\nRUN pip install --no-cache-dir -r requirements-gpu.txt")]
    [InlineData("COPY pyproject.toml poetry.lock README.md ./\nRUN poetry install --no-root")]
    [InlineData("COPY package.json package-lock.json ./\nRUN npm ci")]
    [InlineData("COPY deps/ml.txt /tmp/\nRUN pip install --no-cache-dir -r /tmp/ml.txt")]
    [InlineData("RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt pip install --no-cache-dir -r /tmp/requirements.txt")]
    public void Should_accept_manifests_copied_on_their_own(string lines)
    {
        Assert.Empty(Linted.AfterBase(lines + "\nCOPY . .\n", Manifest));
    }

    [Fact]
    public void Should_report_a_folder_copy_that_brings_the_manifest_with_code()
    {
        var text = "COPY src/ src/\nRUN pip install --no-cache-dir -r src/requirements.txt\n";

        Assert.Single(Linted.AfterBase(text, Manifest));
    }

    [Fact]
    public void Should_report_a_bind_mount_of_the_whole_context()
    {
        var text = "RUN --mount=type=bind,target=/src pip install --no-cache-dir -r /src/requirements.txt\n";

        Assert.Contains("whole build context", Assert.Single(Linted.AfterBase(text, Manifest)).Message);
    }

    [Fact]
    public void Should_tell_a_project_install_to_install_dependencies_first_and_the_project_without_them()
    {
        var finding = Assert.Single(Linted.AfterBase("COPY . /app\nRUN pip install --no-cache-dir -e /app\n", Manifest));

        Assert.Contains("pyproject.toml", finding.Message);
        Assert.Contains("--no-deps", finding.Fix);
    }

    [Fact]
    public void Should_accept_installing_only_the_project_after_the_source()
    {
        var text = "COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN pip install --no-cache-dir --no-deps -e .\n";

        Assert.Empty(Linted.AfterBase(text, Manifest));
        Assert.Empty(Linted.AfterBase(text, Broad));
    }

    [Fact]
    public void Should_follow_the_layer_chain_into_stages_built_on_earlier_ones()
    {
        var from = Linted.PinnedBase.TrimEnd();
        var text = $"{from} AS deps\nCOPY . /app\n{from} AS other\nRUN pip install --no-cache-dir -r requirements.txt\n"
            + "FROM deps AS child\nRUN pip install --no-cache-dir -r /app/requirements.txt\n";

        var finding = Assert.Single(Linted.Findings(text, Manifest));
        Assert.Equal(6, finding.Line);
    }

    [Fact]
    public void Should_ignore_copies_from_other_stages_and_images()
    {
        var text = "COPY --from=ghcr.io/org/wheels:1.0 /wheels /wheels\nRUN pip install --no-cache-dir --no-index -f /wheels -r /wheels/requirements.txt\n";

        Assert.Empty(Linted.AfterBase(text, Manifest));
    }
}
