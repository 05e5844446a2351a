namespace BuildFarm.Contracts;

/// <summary>A command run in the freshly built image, e.g. <c>python -c "import torch; assert torch.cuda.is_available()"</c>.</summary>
/// <param name="Command">The command as an argument list (exec form): it is never handed to a shell by the farm.</param>
/// <param name="Gpus">Request every GPU of the agent for the check; placement then needs a working GPU whose driver
/// supports the image's CUDA version.</param>
/// <param name="TimeoutSeconds">How long the check may run before it is stopped and failed.</param>
/// <param name="Typed">The command as the person typed it in the form, quotes and all, to show it back as written;
/// null when a script sent the argument list. Agents run <paramref name="Command"/> and ignore it.</param>
public record BuildCheck(IReadOnlyList<string> Command, bool Gpus, int TimeoutSeconds = 600, string? Typed = null);

/// <summary>How a build's check went.</summary>
/// <param name="ExitCode">The command's exit code (non-zero fails the build).</param>
/// <param name="DurationMs">How long it ran.</param>
/// <param name="OutputTail">The last lines it printed (stdout and stderr together).</param>
/// <param name="Error">Why it could not run or was stopped, when it could not finish.</param>
public record CheckResult(int ExitCode, long DurationMs, IReadOnlyList<string> OutputTail, string? Error = null);
