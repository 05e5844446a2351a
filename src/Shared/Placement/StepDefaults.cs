using System.Text.RegularExpressions;

namespace BuildFarm.Shared.Placement;

/// <summary>What a step is assumed to take before anything was measured, by keyword and what a RUN installs (the
/// regex generator is why this is a partial class of its own).</summary>
internal static partial class StepDefaults
{
    public static double Seconds(string keyword, string instruction) => keyword.ToUpperInvariant() switch
    {
        "COPY" or "ADD" => StepDurations.CopySeconds,
        "WORKDIR" => StepDurations.WorkdirSeconds,
        "RUN" when PythonInstall().IsMatch(instruction) => StepDurations.PythonInstallSeconds,
        "RUN" when SystemInstall().IsMatch(instruction) => StepDurations.SystemInstallSeconds,
        "RUN" => StepDurations.RunSeconds,
        _ => 0,
    };

    [GeneratedRegex(@"\b(?:pip3?|conda|mamba|micromamba|poetry)\s+(?:[-\w=.]+\s+)*?(?:install|wheel|download|env\s+create)\b|\buv\s+(?:pip\s+install|sync)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PythonInstall();

    [GeneratedRegex(@"\b(?:apt-get|apt|apk|yum|dnf|microdnf)\s+(?:[-\w=.]+\s+)*?(?:install|add)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SystemInstall();
}
