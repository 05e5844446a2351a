using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint.Rules;

public class PipPinCheckTests
{
    private static readonly LintRule Rule = LintRules.PipUnpinned;

    [Fact]
    public void Should_report_requirements_without_an_exact_version_and_name_them()
    {
        var finding = Assert.Single(Linted.AfterBase("RUN pip install --no-cache-dir torch 'numpy>=1.26' transformers==4.46.0\n", Rule));

        Assert.Equal(2, finding.Line);
        Assert.Contains("'torch', 'numpy>=1.26'", finding.Message);
        Assert.DoesNotContain("transformers", finding.Message);
        Assert.Contains("'torch==<version>'", finding.Fix);
    }

    [Theory]
    [InlineData("RUN python3 -m pip install --no-cache-dir requests")]
    [InlineData("RUN python -m pip install --no-cache-dir -U pip")]
    [InlineData("RUN uv pip install --no-cache --system requests")]
    [InlineData("RUN sudo -H pip3 install --no-cache-dir flask")]
    [InlineData("RUN [\"pip\", \"install\", \"--no-cache-dir\", \"requests\"]")]
    [InlineData("RUN pip install --no-cache-dir \\\n    requests \\\n    flask==3.0.3")]
    [InlineData("RUN pip install --no-cache-dir 'torch==2.*'")]
    [InlineData("RUN pip install --no-cache-dir \"accelerate~=1.0\"")]
    [InlineData("RUN cd /app && PIP_INDEX_URL=https://pypi.example pip install --no-cache-dir wandb")]
    public void Should_report_every_spelling_of_an_unpinned_install(string run)
    {
        Assert.Single(Linted.AfterBase(run + "\n", Rule));
    }

    [Theory]
    [InlineData("RUN pip install --no-cache-dir torch==2.5.1 \"numpy==1.26.4\" 'flash-attn===2.6.3'")]
    [InlineData("RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt")]
    [InlineData("RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cu121 --extra-index-url https://pypi.org/simple torch==2.5.1")]
    [InlineData("RUN pip install --no-cache-dir -i https://mirror.example/simple -f /wheels --trusted-host mirror.example --target /deps torch==2.5.1")]
    [InlineData("RUN pip install --no-cache-dir \"torch==${TORCH_VERSION}\" $EXTRA_PACKAGES")]
    [InlineData("RUN pip install --no-cache-dir . && pip install --no-cache-dir -e ./plugins/x")]
    [InlineData("RUN pip install --no-cache-dir /wheels/*.whl dist/app-1.0.tar.gz")]
    [InlineData("RUN pip install --no-cache-dir \"dataclasses==0.8; python_version < '3.7'\"")]
    [InlineData("RUN pip download torch && pip show torch")]
    public void Should_accept_pinned_requirements_files_paths_and_variables(string run)
    {
        Assert.Empty(Linted.AfterBase(run + "\n", Rule));
    }
}
