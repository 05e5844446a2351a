using System.Text.Json;

namespace BuildFarm.Cli.Tests.Features.Builds;

[Collection(FarmCollection.Name)]
public sealed class StatusCommandTests(FarmServer farm)
{
    [Fact]
    public async Task Should_show_the_build_state_source_and_waiting_reason()
    {
        var id = await SubmitAsync();
        await farm.UpdateBuildAsync(id, b => b.WaitingReason = "no agent online");

        var run = await CliRun.RunAsync(["status", id.ToString(), .. farm.Connection]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"build     {id}  queued", run.Out);
        Assert.Contains("source    https://git.example.com/ml/status.git@v1.2", run.Out);
        Assert.Contains("waiting   no agent online", run.Out);
        Assert.Contains($"/builds/{id}", run.Out);
    }

    [Fact]
    public async Task Should_show_how_placements_prediction_fared()
    {
        var id = await SubmitAsync();
        await farm.UpdateBuildAsync(id, b =>
        {
            b.Status = "succeeded";
            b.PredictedKeysJson = "[\"k1\",\"k2\",\"k3\"]";
            (b.PredictionHits, b.PredictionFalseHits, b.PredictionMisses) = (2, 1, 0);
        });

        var run = await CliRun.RunAsync(["status", id.ToString(), .. farm.Connection]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("predicted 3 cached: 2 were, 1 ran, 0 cached unexpectedly", run.Out);
    }

    [Fact]
    public async Task Should_print_the_farm_json_as_it_is()
    {
        var id = await SubmitAsync();

        var run = await CliRun.RunAsync(["status", id.ToString(), "--json", .. farm.Connection]);

        var build = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal((id.ToString(), "queued"), (build.GetProperty("id").GetString(), build.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Should_request_a_cancel_and_refuse_one_for_a_finished_build()
    {
        var id = await SubmitAsync();

        var cancel = await CliRun.RunAsync(["cancel", id.ToString(), .. farm.Connection]);
        await farm.UpdateBuildAsync(id, b => b.Status = "cancelled");
        var again = await CliRun.RunAsync(["cancel", id.ToString(), .. farm.Connection]);

        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Contains("cancel requested", cancel.Out);
        Assert.True((await farm.ReadBuildAsync(id)).CancelRequested);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("409 The build has already finished.", again.Error);
    }

    [Fact]
    public async Task Should_refuse_an_id_that_is_not_a_guid_as_bad_usage()
    {
        var run = await CliRun.RunAsync(["status", "build-42", .. farm.Connection]);

        Assert.Equal(2, run.ExitCode);
    }

    private async Task<Guid> SubmitAsync()
    {
        var run = await CliRun.RunAsync(["submit", "https://git.example.com/ml/status.git", "--ref", "v1.2", "--quiet", .. farm.Connection]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return Guid.Parse(run.Out.Trim());
    }
}
