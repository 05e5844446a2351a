using System.ComponentModel;
using System.Diagnostics;

namespace BuildFarm.Agent.Features.Gpus;

/// <summary>Asks nvidia-smi which GPUs this host has. A host without nvidia-smi simply has none.</summary>
/// <param name="nvidiaSmiPath">The executable: a bare name is looked up on PATH, a path with '/' is used as is.</param>
/// <param name="timeout">How long nvidia-smi may take; a hung driver must not stall registration. Default 15 s.</param>
public sealed class GpuDiscovery(string nvidiaSmiPath = "nvidia-smi", TimeSpan? timeout = null)
{
    private const int MaxErrorLength = 2000;
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(15);

    const int TextFileBusy = 26;

    /// <summary>Runs <c>nvidia-smi -q -x</c> and reads its report.</summary>
    /// <param name="ct">Stops waiting (and kills nvidia-smi) when the agent shuts down.</param>
    /// <returns><see cref="GpuReport.None"/> without nvidia-smi; its error message when it fails; the GPUs otherwise.</returns>
    public async Task<GpuReport> DiscoverAsync(CancellationToken ct)
    {
        var executable = ExecutableLocator.Find(
            string.IsNullOrWhiteSpace(nvidiaSmiPath) ? "nvidia-smi" : nvidiaSmiPath,
            Environment.GetEnvironmentVariable("PATH"));
        if (executable is null)
        {
            return GpuReport.None;
        }

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-q");
        start.ArgumentList.Add("-x");

        using var process = new Process { StartInfo = start };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                process.Start();
                break;
            }
            // ETXTBSY: the executable was just written (a driver upgrade, a test's stand-in) and another process's
            // fork still holds it open for writing; it clears within moments.
            catch (Win32Exception e) when (e.NativeErrorCode == TextFileBusy && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), ct);
            }
            catch (Win32Exception e)
            {
                return GpuReport.Failed($"{executable} could not be started: {e.Message}");
            }
        }

        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            return Interpret(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            ct.ThrowIfCancellationRequested();
            return GpuReport.Failed($"nvidia-smi did not answer within {_timeout.TotalSeconds:0.#} seconds.");
        }
    }

    private static GpuReport Interpret(int exitCode, string stdout, string stderr)
    {
        var message = string.Join('\n', new[] { stdout.Trim(), stderr.Trim() }.Where(s => s.Length > 0));
        if (message.Length > MaxErrorLength)
        {
            message = message[..MaxErrorLength] + "…";
        }

        if (exitCode != 0)
        {
            return GpuReport.Failed(message.Length > 0 ? message : $"nvidia-smi exited with code {exitCode} and printed nothing.");
        }

        try
        {
            return NvidiaSmiXml.Parse(stdout);
        }
        catch (FormatException)
        {
            // Exit code 0 without a report still carries nvidia-smi's reason, e.g. "No devices were found".
            return GpuReport.Failed(message.Length > 0 ? message : "nvidia-smi printed nothing.");
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
    }
}
