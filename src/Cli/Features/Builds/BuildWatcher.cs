using BuildFarm.Shared.Builds;

namespace BuildFarm.Cli.Features.Builds;

/// <summary>Polls a build and prints what changed since the last look: its state, each step as it starts and as it
/// ends (CACHED or its duration), and the outcome.</summary>
sealed class BuildWatcher(FarmApi api, CliContext context)
{
    private readonly Dictionary<int, string> _steps = [];
    private string? _status;
    private string? _waiting;
    private int _attempt = -1;

    public async Task<int> WatchAsync(Guid id, CancellationToken ct)
    {
        while (true)
        {
            var build = await api.GetAsync(id, ct);
            Report(build);
            if (BuildStatus.IsFinal(build.Status))
            {
                return Finish(build);
            }

            await Task.Delay(context.Interval, context.Clock, ct);
        }
    }

    private void Report(BuildView build)
    {
        var output = context.Out;
        if (build.Attempt != _attempt)
        {
            if (_attempt >= 0)
            {
                output.WriteLine($"attempt {build.Attempt} (the earlier attempt's agent went away)");
            }

            _attempt = build.Attempt;
            _steps.Clear();
        }

        if (build.Status != _status)
        {
            _status = build.Status;
            output.WriteLine(BuildText.StatusLine(build));
        }

        if (build.Status == BuildStatus.Queued && build.WaitingReason != _waiting && build.WaitingReason is { } waiting)
        {
            output.WriteLine($"waiting: {waiting}");
        }

        _waiting = build.WaitingReason;
        foreach (var step in (build.Steps ?? []).OrderBy(s => s.Index))
        {
            var seen = _steps.GetValueOrDefault(step.Index);
            if (seen == step.Status || (seen is not null && seen != StepStatus.Running))
            {
                continue;
            }

            _steps[step.Index] = step.Status;
            output.WriteLine(BuildText.StepLine(step));
        }

        output.Flush();
    }

    private int Finish(BuildView build)
    {
        switch (build.Status)
        {
            case BuildStatus.Succeeded:
                context.Out.WriteLine(BuildText.Outcome(build));
                return ExitCodes.Ok;
            case BuildStatus.Cancelled:
                context.Error.WriteLine($"Build {build.Id} was cancelled{(build.Error is { } e ? $": {e}" : ".")}");
                return ExitCodes.Failed;
            default:
                var step = build.FailedStep is { } index ? $" at step {index}" : "";
                context.Error.WriteLine($"Build {build.Id} failed{step}: {build.Error ?? "no error was recorded"}");
                return ExitCodes.Failed;
        }
    }
}
