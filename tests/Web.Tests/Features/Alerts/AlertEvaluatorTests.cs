using BuildFarm.Data;
using BuildFarm.Shared.Alerts;
using BuildFarm.Shared.Builds;
using BuildFarm.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests.Features.Alerts;

/// <summary>The running evaluator: a failed build is judged as soon as Web hears it changed.</summary>
[Collection(WebCollection.Name)]
public class AlertEvaluatorTests(WebFixture web)
{
    [Fact]
    public async Task Should_raise_the_step_regression_alert_when_web_hears_the_failed_build_changed()
    {
        var failed = await StorePassedThenFailedAsync();

        web.Services.GetRequiredService<LiveUpdates>().NotifyBuildChanged(failed.Id);

        var alert = await AlertForAsync(failed.Id);
        Assert.NotNull(alert);
        Assert.Equal(AlertKinds.StepRegressed, alert.Kind);
        Assert.StartsWith("Flaky:", alert.LikelyCause);
    }

    [Fact]
    public async Task Should_judge_a_build_when_its_notice_says_failed_and_pass_over_notices_that_say_it_is_still_running()
    {
        // Both failed in the database; only the notices differ. Notices are judged in order, so once the second's alert
        // is there, the first was passed over rather than still waiting.
        var passedOver = await StorePassedThenFailedAsync();
        var judged = await StorePassedThenFailedAsync();
        var live = web.Services.GetRequiredService<LiveUpdates>();

        live.NotifyBuildChanged(passedOver.Id, BuildStatus.Running);
        live.NotifyBuildChanged(judged.Id, BuildStatus.Failed);
        live.NotifyBuildChanged(judged.Id, BuildStatus.Failed);

        Assert.NotNull(await AlertForAsync(judged.Id));
        Assert.Null(await web.WithDbAsync(db => db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.BuildId == passedOver.Id)));
        Assert.Equal(1, await web.WithDbAsync(db => db.Alerts.CountAsync(a => a.BuildId == judged.Id)));
    }

    async Task<Build> StorePassedThenFailedAsync()
    {
        var repository = $"https://git.example.com/{Guid.NewGuid():N}.git";
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        var passed = Build(repository, at, BuildStatus.Succeeded);
        var failed = Build(repository, at.AddMinutes(5), BuildStatus.Failed);
        await web.WithDbAsync(db =>
        {
            db.Builds.AddRange(passed, failed);
            return db.SaveChangesAsync();
        });
        return failed;
    }

    async Task<Alert?> AlertForAsync(Guid buildId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        Alert? alert = null;
        while (alert is null && DateTime.UtcNow < deadline)
        {
            alert = await web.WithDbAsync(db => db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.BuildId == buildId));
            if (alert is null)
                await Task.Delay(100);
        }
        return alert;
    }

    static Build Build(string repository, DateTimeOffset at, string status)
    {
        var id = Guid.NewGuid();
        return new Build
        {
            Id = id,
            Status = status,
            Repository = repository,
            Ref = "main",
            Commit = new string('d', 40),
            AgentId = "gpu-1",
            Attempt = 1,
            QueuedAt = at,
            FinishedAt = at.AddMinutes(1),
            Steps =
            [
                new() { BuildId = id, Attempt = 1, Index = 0, Instruction = "[1/2] FROM base", Status = StepStatus.Done },
                new() { BuildId = id, Attempt = 1, Index = 1, Instruction = "[2/2] RUN pytest", Status = status == BuildStatus.Failed ? StepStatus.Failed : StepStatus.Done },
            ],
        };
    }
}
