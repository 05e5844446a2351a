namespace BuildFarm.Shared.Placement;

/// <summary>
/// How long a step takes when it is not cached: measured on earlier builds of the same key, else of the same
/// instruction text (a requirements change gives <c>RUN pip install -r requirements.txt</c> a new key but the same
/// text, and roughly the same duration), else a default by keyword.
/// </summary>
/// <remarks>
/// Feed it durations of steps that really ran: a cached step takes well under a second and says nothing about the
/// work it stood for. Defaults (seconds): COPY/ADD 2; WORKDIR 0.5; RUN that installs or fetches Python packages
/// (pip/pip3 install, wheel or download; conda, mamba, micromamba, poetry install; uv pip install, uv sync) 300,
/// because ML requirements pull gigabytes of wheels such as torch; RUN that installs system packages (apt-get, apt,
/// apk, yum, dnf, microdnf) 60; any other RUN 30; instructions without a vertex of their own (ENV, ARG, LABEL, …) 0.
/// FROM is 0 here: pulling a base is charged by its size.
/// </remarks>
/// <param name="byKey">Measured seconds by cache key.</param>
/// <param name="byInstruction">Measured seconds by instruction text, as BuildKit names the vertex.</param>
public sealed class StepDurations(
    IReadOnlyDictionary<string, double>? byKey = null,
    IReadOnlyDictionary<string, double>? byInstruction = null)
{
    /// <summary>Seconds for a COPY or ADD.</summary>
    public const double CopySeconds = 2;

    /// <summary>Seconds for a WORKDIR.</summary>
    public const double WorkdirSeconds = 0.5;

    /// <summary>Seconds for a RUN that installs Python packages.</summary>
    public const double PythonInstallSeconds = 300;

    /// <summary>Seconds for a RUN that installs system packages.</summary>
    public const double SystemInstallSeconds = 60;

    /// <summary>Seconds for any other RUN.</summary>
    public const double RunSeconds = 30;

    /// <summary>Defaults only, nothing measured yet.</summary>
    public static StepDurations Defaults { get; } = new();

    /// <summary>Expected seconds for a step that runs.</summary>
    /// <param name="step">The step.</param>
    /// <returns>Measured by key, else by instruction, else the keyword default.</returns>
    public double Estimate(PlanStep step)
    {
        if (step.Kind != StepKind.Instruction)
        {
            return 0;
        }

        if (byKey is not null && byKey.TryGetValue(step.Key, out var measured))
        {
            return measured;
        }

        if (byInstruction is not null && byInstruction.TryGetValue(step.Instruction, out measured))
        {
            return measured;
        }

        return Default(step.Keyword, step.Instruction);
    }

    /// <summary>The default for an instruction nothing was measured for.</summary>
    /// <param name="keyword">"RUN", "COPY", …</param>
    /// <param name="instruction">The instruction's text.</param>
    /// <returns>Seconds.</returns>
    public static double Default(string keyword, string instruction) => StepDefaults.Seconds(keyword, instruction);
}
