using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint.Rules;

public class InstallCacheCheckTests
{
    private static readonly LintRule Rule = LintRules.InstallWithoutCache;

    [Theory]
    [InlineData("RUN pip install torch==2.5.1", "~/.cache/pip")]
    [InlineData("RUN pip3 install torch==2.5.1", "~/.cache/pip")]
    [InlineData("RUN python3 -m pip install torch==2.5.1", "~/.cache/pip")]
    [InlineData("RUN /opt/venv/bin/python -u -m pip install torch==2.5.1", "~/.cache/pip")]
    [InlineData("RUN [\"pip\", \"install\", \"torch==2.5.1\"]", "~/.cache/pip")]
    [InlineData("RUN uv pip install --system torch==2.5.1", "~/.cache/uv")]
    [InlineData("RUN uv sync --frozen", "~/.cache/uv")]
    [InlineData("RUN apt-get update && apt-get install -y curl", "/var/lib/apt/lists")]
    [InlineData("RUN apt update && apt install -y curl", "/var/lib/apt/lists")]
    [InlineData("RUN conda install -y numpy=2.1", "pkgs")]
    [InlineData("RUN mamba env create -f environment.yml", "pkgs")]
    [InlineData("RUN micromamba install -y -n base -c conda-forge numpy=2.1", "pkgs")]
    public void Should_report_installs_that_keep_their_downloads_in_the_layer(string run, string where)
    {
        var finding = Assert.Single(Linted.AfterBase(run + "\n", Rule));

        Assert.Equal(2, finding.Line);
        Assert.Contains(where, finding.Message);
        Assert.Contains("--mount=type=cache", finding.Fix);
    }

    [Theory]
    [InlineData("RUN pip install --no-cache-dir torch==2.5.1")]
    [InlineData("RUN pip --no-cache-dir install torch==2.5.1")]
    [InlineData("RUN python3 -m pip install --no-cache-dir torch==2.5.1")]
    [InlineData("RUN --mount=type=cache,target=/root/.cache/pip pip install torch==2.5.1")]
    [InlineData("RUN --mount=type=cache,target=/root/.cache pip install torch==2.5.1")]
    [InlineData("RUN pip install torch==2.5.1 && pip cache purge")]
    [InlineData("RUN pip install torch==2.5.1 && rm -rf /root/.cache/pip")]
    [InlineData("RUN uv pip install --no-cache --system torch==2.5.1")]
    [InlineData("RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen")]
    [InlineData("RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*")]
    [InlineData("RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl")]
    [InlineData("RUN conda install -y numpy=2.1 && conda clean -afy")]
    [InlineData("RUN --mount=type=cache,target=/opt/conda/pkgs conda install -y numpy=2.1")]
    [InlineData("RUN micromamba install -y -n base numpy=2.1 && micromamba clean --all --yes")]
    public void Should_accept_a_cache_mount_a_flag_or_a_cleanup_in_the_same_run(string run)
    {
        Assert.Empty(Linted.AfterBase(run + "\n", Rule));
    }

    [Theory]
    [InlineData("ENV PIP_NO_CACHE_DIR=1\nRUN pip install torch==2.5.1")]
    [InlineData("ENV UV_NO_CACHE=1\nRUN uv pip install --system torch==2.5.1")]
    [InlineData("ENV PIP_CACHE_DIR=/var/pip\nRUN --mount=type=cache,target=/var/pip/ pip install torch==2.5.1")]
    public void Should_accept_the_cache_turned_off_or_moved_by_the_environment(string lines)
    {
        Assert.Empty(Linted.AfterBase(lines + "\n", Rule));
    }

    [Fact]
    public void Should_not_take_a_cleanup_in_another_run_for_this_one()
    {
        var text = "RUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n";

        Assert.Equal(2, Assert.Single(Linted.AfterBase(text, Rule)).Line);
    }

    [Fact]
    public void Should_report_each_tool_of_a_run_that_leaves_its_cache()
    {
        var text = "RUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/* && pip install torch==2.5.1 && conda install -y mkl=2024.0\n";

        var findings = Linted.AfterBase(text, Rule);
        Assert.Equal(2, findings.Count);
        Assert.Contains(findings, f => f.Message.StartsWith("`pip install"));
        Assert.Contains(findings, f => f.Message.StartsWith("`conda install"));
    }

    [Fact]
    public void Should_not_report_pip_commands_that_install_nothing()
    {
        Assert.Empty(Linted.AfterBase("RUN pip --version && pip freeze > /versions.txt && python -m pip list\n", Rule));
    }
}
