using System.Text;
using BuildFarm.Shared.Lint;

namespace BuildFarm.Lint.Benchmarks;

/// <summary>
/// A 300-line multi-stage ML Dockerfile of the kind teams keep: a CUDA base with long apt package lists on
/// continuation lines, a conda environment, pip installs with cache mounts, pinned git clones, here-document build
/// scripts, one block per in-house extension (manifest, install, source, build), a test stage and a slim runtime.
/// It also holds what the rules look for (a floating tag, an unpinned install, a split apt-get update, a piped
/// install script, a waiver), so every rule runs its reporting path too.
/// </summary>
internal static class Sample
{
    public const int Lines = 300;

    private const string Digest = "sha256:4f5d3c1b2a0918273645546372819000aabbccddeeff00112233445566778899";

    public static readonly IReadOnlyDictionary<string, string> BuildArgs = new Dictionary<string, string> { ["TORCH"] = "2.5.1" };

    public static readonly string Dockerfile = Build();

    public static string Describe()
    {
        var report = DockerfileLint.Check(Dockerfile, new LintContext(false, 3L << 30, 40_000), BuildArgs);
        var rules = report.Findings.GroupBy(f => f.Rule).Select(g => $"{g.Key} x{g.Count()}");
        return $"Sample: {Dockerfile.Count(c => c == '\n')} lines, {Dockerfile.Length:N0} characters, refused: {report.Refused}; "
            + $"{report.Findings.Count} findings ({string.Join(", ", rules)}), {report.Waived.Count} waived.";
    }

    private static string Build()
    {
        var text = new StringBuilder();
        text.Append($$"""
            # syntax=docker/dockerfile:1.7
            # Trainer image: CUDA runtime, conda toolchain, PyTorch and the team's extensions.
            ARG CUDA_IMAGE=nvidia/cuda:12.8.0-cudnn-devel-ubuntu22.04@{{Digest}}
            ARG RUNTIME_IMAGE=nvidia/cuda:12.8.0-cudnn-runtime-ubuntu22.04@{{Digest}}
            ARG TORCH=2.4.0

            FROM ${CUDA_IMAGE} AS system
            ENV DEBIAN_FRONTEND=noninteractive \
                TZ=Etc/UTC \
                LANG=C.UTF-8 \
                LC_ALL=C.UTF-8
            RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
                --mount=type=cache,target=/var/lib/apt,sharing=locked \
                rm -f /etc/apt/apt.conf.d/docker-clean \
             && apt-get update \
             && apt-get install -y --no-install-recommends \

            """);
        foreach (var package in new[]
        {
            "build-essential", "ca-certificates", "cmake", "curl", "ffmpeg", "git", "git-lfs", "libgl1", "libglib2.0-0",
            "libsm6", "libxext6", "libxrender1", "libjpeg-dev", "libpng-dev", "libopenmpi-dev", "ninja-build", "openssh-client",
            "pkg-config", "rsync", "tmux", "unzip", "vim-tiny", "wget", "zlib1g-dev",
        })
        {
            text.Append($"        {package} \\\n");
        }

        text.Append("""
             && git lfs install --system

            RUN apt-get update
            RUN apt-get install -y --no-install-recommends htop && rm -rf /var/lib/apt/lists/*

            FROM system AS conda
            ENV CONDA_DIR=/opt/conda PATH=/opt/conda/bin:$PATH
            ARG MINIFORGE=24.9.2-0
            RUN curl -fsSLo /tmp/miniforge.sh https://github.com/conda-forge/miniforge/releases/download/${MINIFORGE}/Miniforge3-${MINIFORGE}-Linux-x86_64.sh \
             && echo "0d8c2e1a6b9f  /tmp/miniforge.sh" | sha256sum -c - \
             && bash /tmp/miniforge.sh -b -p ${CONDA_DIR} \
             && rm /tmp/miniforge.sh
            COPY environment.yml /tmp/environment.yml
            RUN --mount=type=cache,target=/opt/conda/pkgs \
                mamba env update -n base -f /tmp/environment.yml \
             && conda clean -afy

            FROM conda AS deps
            ARG TORCH
            WORKDIR /workspace
            ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
            COPY requirements/ requirements/
            RUN --mount=type=cache,target=/root/.cache/pip \
                python -m pip install \
                    --extra-index-url https://download.pytorch.org/whl/cu128 \
                    "torch==${TORCH}" "torchvision==0.20.1" \
                    -r requirements/base.txt \
                    -r requirements/train.txt \
                    -c requirements/constraints.txt
            RUN --mount=type=cache,target=/root/.cache/pip pip install wandb
            ARG APEX_COMMIT=3f2a9c1d4e5f60718293a4b5c6d7e8f901234567
            RUN --mount=type=cache,target=/root/.cache/pip <<EOF
            set -eux
            git clone https://github.com/NVIDIA/apex /opt/apex
            git -C /opt/apex checkout "${APEX_COMMIT}"
            cd /opt/apex
            MAX_JOBS=2 pip install --no-build-isolation --no-deps -v .
            rm -rf /opt/apex/build
            EOF
            # farm-lint ignore=moving-remote the vendor publishes no versioned installer; reviewed 2026-11
            RUN curl -fsSL https://install.example.com/profiler.sh | bash -s -- --prefix /opt/profiler
            ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \
                https://example.com/tokenizers/vocab-32k.json /models/vocab.json

            """);
        var block = 0;
        while (text.ToString().Count(c => c == '\n') < Lines - 40)
        {
            var name = $"ext{block++:00}";
            text.Append($"""
                # {name}: native kernels with their own Python dependencies
                COPY extensions/{name}/requirements.txt extensions/{name}/requirements.txt
                RUN --mount=type=cache,target=/root/.cache/pip \
                    pip install -r extensions/{name}/requirements.txt
                COPY extensions/{name}/ extensions/{name}/
                RUN --mount=type=cache,target=/root/.cache/pip \
                    cd extensions/{name} \
                 && TORCH_CUDA_ARCH_LIST="8.0;8.6;9.0" python setup.py build_ext --inplace \
                 && pip install --no-deps -e .
                ENV {name.ToUpperInvariant()}_HOME=/workspace/extensions/{name}

                """);
        }

        text.Append("""
            FROM deps AS test
            COPY . .
            RUN --mount=type=cache,target=/root/.cache/pip pip install --no-deps -e . \
             && python -m compileall -q src \
             && pytest -q tests/unit -m "not gpu"

            FROM python:latest AS docs
            RUN pip install --no-cache-dir mkdocs-material
            COPY docs/ /docs/
            RUN mkdocs build -f /docs/mkdocs.yml -d /site

            FROM ${RUNTIME_IMAGE} AS runtime
            ENV CONDA_DIR=/opt/conda PATH=/opt/conda/bin:$PATH \
                PYTHONUNBUFFERED=1 \
                NCCL_ASYNC_ERROR_HANDLING=1
            COPY --from=deps /opt/conda /opt/conda
            COPY --from=deps /workspace/extensions /workspace/extensions
            COPY --from=docs /site /workspace/site
            WORKDIR /workspace
            COPY src/ src/
            COPY configs/ configs/
            COPY scripts/entrypoint.sh /usr/local/bin/entrypoint.sh
            RUN chmod +x /usr/local/bin/entrypoint.sh \
             && useradd --create-home --uid 1000 trainer
            USER trainer
            LABEL org.opencontainers.image.source=https://git.example.com/ml/trainer \
                  org.opencontainers.image.description="Trainer with in-house extensions"
            HEALTHCHECK --interval=30s --timeout=5s CMD ["python", "-c", "import torch"]
            ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
            CMD ["python", "-m", "trainer.train", "--config", "configs/default.yaml"]

            """);

        // Settle on exactly 300 lines with ENV lines in the runtime stage, as images grow them.
        var lines = text.ToString().TrimEnd('\n').Split('\n').ToList();
        var at = lines.FindLastIndex(l => l.StartsWith("USER "));
        for (var i = 0; lines.Count < Lines; i++)
        {
            lines.Insert(at, $"ENV TRAINER_OPTION_{i}=default-{i}");
        }

        if (lines.Count != Lines)
        {
            throw new InvalidOperationException($"the sample has {lines.Count} lines, not {Lines}: shorten the extension loop");
        }

        return string.Join('\n', lines) + "\n";
    }
}
