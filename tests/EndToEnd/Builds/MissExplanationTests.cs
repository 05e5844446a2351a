using BuildFarm.EndToEnd.Dashboard;
using BuildFarm.EndToEnd.Farm;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuildFarm.EndToEnd.Builds;

/// <summary>"Why did this build miss?" on real engines: the API and the build page name what changed since the
/// previous successful build, and the page lists the plan's steps from submit.</summary>
[Collection(FarmCollection.Name)]
public class MissExplanationTests(FarmFixture farm) : IAsyncLifetime
{
    Browser? browser;

    public async Task InitializeAsync()
    {
        if (farm.Services is not null)
            browser = await Browser.LaunchAsync();
    }

    [EndToEndFact]
    public async Task Should_name_the_changed_source_file_when_only_it_changed_between_two_builds()
    {
        var repository = farm.NewRepository("miss-files");
        var first = await SucceededAsync(await farm.Api.SubmitAsync(repository.Url));
        repository.Write("src/train.py", "print('a new training loop')\n");
        repository.Commit("Change the training code only");

        var id = await farm.Api.SubmitAsync(repository.Url);

        // Listed from submit, before any step ran: the plan's seven vertices (FROM and six steps).
        var queued = await farm.Api.BuildAsync(id);
        Assert.Equal(7, queued.Plan!.Count);
        Assert.All(queued.Plan, p => Assert.True(p.PredictedSeconds >= 0));
        var build = await SucceededAsync(id);
        Assert.Equal("first-build", first.Miss!.Cause);
        var miss = build.Miss!;
        Assert.Equal("files-changed", miss.Cause);
        Assert.Equal(["src/train.py"], miss.Files);
        Assert.Equal(first.Id, miss.ComparedWith);
        Assert.StartsWith("COPY src/", miss.FirstMissedStep!.Instruction);
        // Lost: what the copy of the source and the compile after it took on the first build.
        var copy = first.Steps.FindIndex(s => s.Instruction.StartsWith("COPY src/", StringComparison.Ordinal));
        Assert.Equal(Math.Round(first.Steps[copy..].Sum(s => s.DurationMs ?? 0) / 1000.0, 1), miss.SecondsLost);

        var page = await browser!.OpenAsync(farm, $"builds/{id}");
        var panel = page.GetByTestId("miss");
        await Expect(panel).ToHaveAttributeAsync("data-cause", "files-changed");
        await Expect(panel.GetByTestId("miss-sentence")).ToContainTextAsync("src/train.py changed.");
        await Expect(panel.GetByTestId("miss-file")).ToHaveTextAsync("src/train.py");
        await Expect(panel.GetByTestId("miss-compared")).ToHaveAttributeAsync("href", $"builds/{first.Id}");
        await Screenshots.TakeAsync(page, Path.Combine(farm.RunDir, "screenshots"), "miss-files-changed");
    }

    [EndToEndFact]
    public async Task Should_name_both_digests_when_the_base_tag_was_pushed_again()
    {
        using var images = new RegistryImages(farm.Services!.Registry);
        var host = farm.Services.BaseImage[..farm.Services.BaseImage.IndexOf('/')];
        var source = farm.Services.BaseImage[(host.Length + 1)..];
        // A repository of this run alone: the shared base the other tests build on never moves.
        var name = $"e2e-miss-{Guid.NewGuid():N}"[..17] + "/cuda";
        var before = await images.PushVariantAsync(source, name, "12.1-runtime", "before");
        var repository = farm.NewRepository("miss-base");
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(repository.Path, "Dockerfile"));
        repository.Write("Dockerfile", dockerfile.Replace(farm.Services.BaseImage, $"{host}/{name}:12.1-runtime"));
        repository.Commit("Build on a base tag of our own");
        var first = await SucceededAsync(await farm.Api.SubmitAsync(repository.Url));

        var after = await images.PushVariantAsync(source, name, "12.1-runtime", "after");
        var build = await SucceededAsync(await farm.Api.SubmitAsync(repository.Url));

        Assert.NotEqual(before, after);
        var miss = build.Miss!;
        Assert.True(miss.Cause == "base-moved", $"{miss.Cause}: {miss.Detail} ({FarmApi.Describe(build)})");
        Assert.Equal(first.Id, miss.ComparedWith);
        Assert.Equal((before, after), (miss.Base!.OldDigest, miss.Base.NewDigest));
        Assert.Equal($"{host}/{name}:12.1-runtime", miss.Base.Reference);
        Assert.NotNull(miss.Base.SeenAt);

        var page = await browser!.OpenAsync(farm, $"builds/{build.Id}");
        await Expect(page.GetByTestId("miss")).ToHaveAttributeAsync("data-cause", "base-moved");
        await Expect(page.GetByTestId("miss-old-digest")).ToHaveTextAsync(before);
        await Expect(page.GetByTestId("miss-new-digest")).ToHaveTextAsync(after);
        await Screenshots.TakeAsync(page, Path.Combine(farm.RunDir, "screenshots"), "miss-base-moved");
    }

    [EndToEndFact]
    public async Task Should_list_the_planned_steps_before_BuildKit_reaches_them_and_mark_them_not_reached_once_cancelled()
    {
        var repository = farm.NewRepository("planned-steps");
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(repository.Path, "Dockerfile"));
        // Early in the chain and new to every engine (the nonce), so the steps after it wait while it runs.
        var slow = $"RUN echo {Guid.NewGuid():N} && sleep 60";
        repository.Write("Dockerfile", dockerfile.Replace("WORKDIR /app\n", $"WORKDIR /app\n{slow}\n", StringComparison.Ordinal));
        repository.Commit("A slow step before the dependencies");
        var id = await farm.Api.SubmitAsync(repository.Url);
        await farm.Api.WaitForAsync(id, b => b.Steps.Any(s => s.Instruction == slow && s.Status == "running"), "ran the slow step");

        var page = await browser!.OpenAsync(farm, $"builds/{id}");

        var planned = page.GetByTestId("planned-row");
        // The five steps after the slow one: the dependencies, the configs, the source, the compile.
        await Expect(planned).ToHaveCountAsync(5);
        await Expect(planned.First).ToContainTextAsync("COPY requirements.txt");
        await Expect(planned.First.GetByTestId("planned-state")).ToHaveTextAsync("pending");
        await Expect(page.GetByTestId("eta")).ToContainTextAsync("5 of 8 steps");
        await Screenshots.TakeAsync(page, Path.Combine(farm.RunDir, "screenshots"), "planned-steps");

        await farm.Api.CancelAsync(id);

        await Expect(page.GetByTestId("build-status")).ToHaveTextAsync("cancelled", new() { Timeout = 60_000 });
        await Expect(planned).ToHaveCountAsync(5);
        foreach (var row in await planned.AllAsync())
            await Expect(row.GetByTestId("planned-state")).ToHaveTextAsync("not reached");
        await Expect(page.GetByTestId("eta")).ToHaveCountAsync(0);
        await Screenshots.TakeAsync(page, Path.Combine(farm.RunDir, "screenshots"), "planned-steps-cancelled");
    }

    async Task<BuildJson> SucceededAsync(Guid id)
    {
        var build = await farm.Api.WaitForAsync(id, b => b.Status == "succeeded" && b.Miss is not null, "succeeded with its miss");
        Assert.True(build.Status == "succeeded", $"build {id}: {FarmApi.Describe(build)}\n{farm.Diagnostics()}");
        return build;
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
    }
}
