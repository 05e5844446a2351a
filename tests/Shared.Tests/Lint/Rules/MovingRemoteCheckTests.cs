using BuildFarm.Shared.Lint;

namespace BuildFarm.Shared.Tests.Lint.Rules;

public class MovingRemoteCheckTests
{
    private static readonly LintRule Rule = LintRules.MovingRemote;

    [Theory]
    [InlineData("RUN curl -fsSL https://get.example.sh | sh", "`curl … | sh`")]
    [InlineData("RUN curl -fsSL https://install.python-poetry.org | python3 -", "`curl … | python3`")]
    [InlineData("RUN wget -qO- https://micro.mamba.pm/install.sh | sudo -E bash -s -- -b", "`wget … | bash`")]
    [InlineData("RUN curl -sL https://deb.nodesource.com/setup_20.x | tee /tmp/setup.sh | bash", "`curl … | bash`")]
    [InlineData("RUN sh -c \"$(curl -fsSL https://raw.example/install.sh)\"", "`sh` runs the script `curl` downloads")]
    [InlineData("RUN bash <(curl -s https://example.com/setup.sh)", "`bash` runs the script `curl` downloads")]
    [InlineData("RUN [\"/bin/sh\", \"-c\", \"curl -fsSL https://get.example.sh | sh\"]", "`curl … | sh`")]
    [InlineData("RUN <<EOF\nset -e\ncurl -fsSL https://get.example.sh \\\n  | sh\nEOF", "`curl … | sh`")]
    public void Should_report_scripts_piped_from_the_network_into_an_interpreter(string run, string expected)
    {
        var finding = Assert.Single(Linted.AfterBase(run + "\n", Rule));

        Assert.Equal(2, finding.Line);
        Assert.Contains(expected, finding.Message);
        Assert.Contains("sha256sum", finding.Fix);
    }

    [Theory]
    [InlineData("RUN curl -fsSLo /tmp/i.sh https://get.example.sh/v1.2.0/install.sh && echo \"abc  /tmp/i.sh\" | sha256sum -c - && sh /tmp/i.sh")]
    [InlineData("RUN curl -fsSL https://example.com/keys.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg")]
    [InlineData("RUN curl -fsSL https://example.com/tool-1.2.3.tar.gz | tar -xz -C /opt")]
    [InlineData("RUN echo 'curl https://x | sh' > /README")]
    public void Should_accept_downloads_not_run_as_scripts(string run)
    {
        Assert.Empty(Linted.AfterBase(run + "\n", Rule));
    }

    [Theory]
    [InlineData("RUN git clone https://github.com/NVIDIA/apex /apex", "the default branch")]
    [InlineData("RUN git clone --depth 1 --branch main https://github.com/org/repo.git /src", "branch 'main'")]
    [InlineData("RUN git clone -b dev https://github.com/org/repo.git && cd repo && git checkout main", "branch 'dev'")]
    [InlineData("RUN cd /opt && git clone --recursive https://github.com/org/repo", "the default branch")]
    public void Should_report_a_clone_of_a_branch(string run, string what)
    {
        var finding = Assert.Single(Linted.AfterBase(run + "\n", Rule));

        Assert.Contains(what, finding.Message);
        Assert.Contains("checkout <commit>", finding.Fix);
    }

    [Theory]
    [InlineData("RUN git clone https://github.com/org/repo.git /src && git -C /src checkout 3f2a9c1d")]
    [InlineData("RUN git clone https://github.com/org/repo.git /src && cd /src && git reset --hard 3f2a9c1d4e5f60718293a4b5c6d7e8f901234567")]
    [InlineData("RUN git clone --branch v2.1.0 --depth 1 https://github.com/org/repo.git /src")]
    [InlineData("RUN git clone https://github.com/org/repo.git /src && git -C /src checkout tags/v0.4.1")]
    [InlineData("RUN git clone --branch \"${REPO_REF}\" https://github.com/org/repo.git /src")]
    [InlineData("RUN git clone https://github.com/org/repo.git /src && git -C /src checkout ${COMMIT}")]
    public void Should_accept_a_clone_pinned_to_a_commit_or_release(string run)
    {
        Assert.Empty(Linted.AfterBase(run + "\n", Rule));
    }

    [Theory]
    [InlineData("RUN pip install --no-cache-dir git+https://github.com/org/repo.git", "the default branch")]
    [InlineData("RUN pip install --no-cache-dir git+https://github.com/org/repo.git@main", "'main'")]
    [InlineData("RUN python3 -m pip install --no-cache-dir \"pkg @ git+https://github.com/org/repo@develop\"", "'develop'")]
    [InlineData("RUN uv pip install --no-cache --system -e git+https://github.com/org/repo.git@main#egg=pkg", "'main'")]
    [InlineData("RUN pip install --no-cache-dir git+ssh://git@github.com/org/repo.git", "the default branch")]
    public void Should_report_pip_installs_from_a_git_branch(string run, string what)
    {
        Assert.Contains(what, Assert.Single(Linted.AfterBase(run + "\n", Rule)).Message);
    }

    [Theory]
    [InlineData("RUN pip install --no-cache-dir git+https://github.com/org/repo.git@3f2a9c1d4e5f60718293a4b5c6d7e8f901234567")]
    [InlineData("RUN pip install --no-cache-dir git+https://github.com/huggingface/transformers@v4.46.0")]
    [InlineData("RUN pip install --no-cache-dir \"pkg @ git+https://github.com/org/repo@3f2a9c1\"")]
    [InlineData("RUN pip install --no-cache-dir git+ssh://git@github.com/org/repo.git@${COMMIT}")]
    public void Should_accept_pip_installs_from_a_commit_or_release(string run)
    {
        Assert.Empty(Linted.AfterBase(run + "\n", Rule));
    }

    [Theory]
    [InlineData("RUN curl -fsSL https://github.com/org/repo/archive/refs/heads/main.tar.gz | tar -xz")]
    [InlineData("RUN wget https://raw.githubusercontent.com/org/repo/master/scripts/setup.py")]
    [InlineData("RUN pip install --no-cache-dir https://github.com/org/repo/archive/main.zip")]
    public void Should_report_downloads_of_a_branch_archive(string run)
    {
        Assert.Contains("names a branch", Assert.Single(Linted.AfterBase(run + "\n", Rule)).Message);
    }
}
