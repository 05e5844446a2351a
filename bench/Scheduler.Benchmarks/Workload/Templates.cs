namespace BuildFarm.Scheduler.Benchmarks.Workload;

/// <summary>Five Dockerfiles of the kinds the farm builds: single-stage trainers, a multi-stage wheel build, serving
/// images that run a GPU check, and a JAX image pinned to the A100 pool.</summary>
static class Templates
{
    static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static readonly Template Trainer = new("trainer", """
        FROM pytorch/pytorch:2.9.0-cuda12.8-cudnn9-runtime
        ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1
        WORKDIR /workspace
        RUN apt-get update && apt-get install -y --no-install-recommends git libgl1 ffmpeg && rm -rf /var/lib/apt/lists/*
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        COPY . .
        RUN python -m compileall -q src
        CMD ["python", "-m", "src.train"]
        """, None, null);

    public static readonly Template Wheels = new("wheels", """
        FROM pytorch/pytorch:2.8.0-cuda12.6-cudnn9-devel AS builder
        WORKDIR /build
        COPY requirements.txt .
        RUN pip wheel --wheel-dir /wheels -r requirements.txt
        FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04
        RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip && rm -rf /var/lib/apt/lists/*
        COPY --from=builder /wheels /wheels
        RUN pip3 install --no-index --find-links /wheels /wheels/*.whl
        WORKDIR /app
        COPY src/ /app/src/
        ENTRYPOINT ["python3", "-m", "src.serve"]
        """, None, null);

    public static readonly Template Tensorflow = new("tensorflow", """
        FROM tensorflow/tensorflow:2.17.0-gpu
        RUN apt-get update && apt-get install -y --no-install-recommends libsndfile1 sox && rm -rf /var/lib/apt/lists/*
        WORKDIR /srv
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        COPY . .
        RUN python -m pytest -q tests/unit
        """, None, null);

    public static readonly Template Jax = new("jax", """
        ARG CUDA=12.4.1
        FROM nvidia/cuda:${CUDA}-cudnn-devel-ubuntu22.04
        ENV DEBIAN_FRONTEND=noninteractive
        RUN apt-get update && apt-get install -y --no-install-recommends python3.11 python3-pip git && rm -rf /var/lib/apt/lists/*
        RUN pip3 install "jax[cuda12]==0.4.35"
        WORKDIR /opt/model
        COPY requirements.txt .
        RUN pip3 install -r requirements.txt
        COPY configs/ configs/
        COPY src/ src/
        RUN python3 -m compileall -q src
        """, new Dictionary<string, string> { ["pool"] = "a100" }, null);

    public static readonly Template Serving = new("llm-serving", """
        FROM pytorch/pytorch:2.9.0-cuda12.8-cudnn9-runtime
        ARG VLLM=0.6.3
        ENV HF_HOME=/models/cache
        RUN apt-get update && apt-get install -y --no-install-recommends curl build-essential && rm -rf /var/lib/apt/lists/*
        RUN pip install "vllm==${VLLM}"
        WORKDIR /srv
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        COPY tokenizer/ tokenizer/
        COPY src/ src/
        RUN python -m compileall -q src
        EXPOSE 8000
        CMD ["python", "-m", "src.api"]
        """, None, new Version(12, 8));

    public static readonly IReadOnlyList<Template> All = [Trainer, Wheels, Tensorflow, Jax, Serving];

    /// <summary>Compressed sizes of the bases.</summary>
    public static long BaseBytes(string reference) =>
        reference.Contains("devel") ? 6_500_000_000 : reference.StartsWith("tensorflow") ? 3_800_000_000 : 4_200_000_000;
}
