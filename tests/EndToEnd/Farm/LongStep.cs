namespace BuildFarm.EndToEnd.Farm;

/// <summary>The demo with a last step that sleeps, for faults that must catch builds mid-step. The step prints a marker
/// the shell computes, so the instruction's own text, echoed in the log, never matches it: the log counts how many times
/// the step really ran.</summary>
public static class LongStep
{
    public const string Marker = "ran-long-step-42";

    public static GitRepository Repository(FarmFixture farm, string name, int sleepSeconds)
    {
        var repository = farm.NewRepository(name);
        var dockerfile = File.ReadAllText(Path.Combine(repository.Path, "Dockerfile"))
            .Replace("CMD [", $"RUN echo ran-long-step-$((6*7)) && {Sleep(sleepSeconds)}\nCMD [", StringComparison.Ordinal);
        repository.Write("Dockerfile", dockerfile);
        repository.Commit("Add a long step");
        return repository;
    }

    /// <summary>Submits the repository and waits until the build runs its long step.</summary>
    public static async Task<Guid> StartAsync(FarmApi api, GitRepository repository, int sleepSeconds)
    {
        var id = await api.SubmitAsync(repository.Url);
        await api.WaitForAsync(id, b => b.Status == "running" && Of(b, sleepSeconds) is { Status: "running" }, "reached the long step");
        return id;
    }

    public static StepJson? Of(BuildJson build, int sleepSeconds) =>
        build.Steps.SingleOrDefault(s => s.Instruction.EndsWith(Sleep(sleepSeconds), StringComparison.Ordinal));

    /// <summary>How many times the step ran, read from the build's whole log (every attempt).</summary>
    public static async Task<int> RunsAsync(FarmApi api, Guid id)
    {
        var log = await api.LogAsync(id);
        var count = 0;
        for (var at = log.IndexOf(Marker, StringComparison.Ordinal); at >= 0; at = log.IndexOf(Marker, at + Marker.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    static string Sleep(int seconds) => $"sleep {seconds}";
}
