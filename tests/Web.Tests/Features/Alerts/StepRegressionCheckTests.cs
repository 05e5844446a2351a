using BuildFarm.Data;
using BuildFarm.Shared.Alerts;
using BuildFarm.Shared.Builds;
using BuildFarm.Testing;
using BuildFarm.Web.Features.Alerts;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Alerts;

public class StepRegressionCheckTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-12-05T09:00:00Z");
    const string Base = "localhost:5000/demo/cuda:12.1-runtime";
    const string Old = "sha256:aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111";
    const string New = "sha256:bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222";

    [Fact]
    public async Task Should_raise_for_a_step_that_passed_on_the_same_commit_naming_the_base_that_moved_in_between()
    {
        await using var database = await TestDatabase.CreateAsync();
        var passed = Build(T0, BuildStatus.Succeeded, "gpu-1");
        var failed = Build(T0.AddHours(1), BuildStatus.Failed, "gpu-1");
        await database.WithDbAsync(db =>
        {
            db.Builds.AddRange(passed, failed);
            db.BuildBases.AddRange(new BuildBase { BuildId = passed.Id, Reference = Base, Digest = Old },
                new BuildBase { BuildId = failed.Id, Reference = Base, Digest = New });
            return db.SaveChangesAsync();
        });

        var raised = await database.WithDbAsync(db => StepRegressionCheck.EvaluateAsync(db, failed.Id, T0.AddHours(2), default));
        var again = await database.WithDbAsync(db => StepRegressionCheck.EvaluateAsync(db, failed.Id, T0.AddHours(3), default));

        Assert.True(raised);
        Assert.False(again);
        var alert = Assert.Single(await database.WithDbAsync(db => db.Alerts.ToListAsync()));
        Assert.Equal((AlertKinds.StepRegressed, failed.Id), (alert.Kind, alert.BuildId));
        Assert.Equal("Step 3 failed on a commit where it passed: [3/3] RUN pytest", alert.Title);
        Assert.Contains(passed.Id.ToString(), alert.Detail);
        Assert.StartsWith($"The base tag {Base} moved between the two builds (aaaaaaaaaaaa → bbbbbbbbbbbb)", alert.LikelyCause);
    }

    [Fact]
    public async Task Should_take_the_cause_from_the_stored_miss_explanation_when_the_bases_are_the_same()
    {
        await using var database = await TestDatabase.CreateAsync();
        var passed = Build(T0, BuildStatus.Succeeded, "gpu-1");
        var failed = Build(T0.AddHours(1), BuildStatus.Failed, "gpu-2");
        failed.MissCause = "other-agent";
        failed.MissJson = """{"cause":"other-agent","detail":"gpu-1 had the cache but was busy"}""";
        await database.WithDbAsync(db =>
        {
            db.Builds.AddRange(passed, failed);
            return db.SaveChangesAsync();
        });

        await database.WithDbAsync(db => StepRegressionCheck.EvaluateAsync(db, failed.Id, T0.AddHours(2), default));

        var alert = Assert.Single(await database.WithDbAsync(db => db.Alerts.ToListAsync()));
        Assert.StartsWith("This build missed the cache (other-agent: gpu-1 had the cache but was busy)", alert.LikelyCause);
    }

    [Fact]
    public async Task Should_not_raise_for_another_commit_or_a_step_that_never_passed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var otherCommit = Build(T0, BuildStatus.Succeeded, "gpu-1");
        otherCommit.Commit = new string('c', 40);
        var failedBefore = Build(T0.AddHours(1), BuildStatus.Failed, "gpu-1");
        var failed = Build(T0.AddHours(2), BuildStatus.Failed, "gpu-1");
        await database.WithDbAsync(db =>
        {
            db.Builds.AddRange(otherCommit, failedBefore, failed);
            return db.SaveChangesAsync();
        });

        Assert.False(await database.WithDbAsync(db => StepRegressionCheck.EvaluateAsync(db, failed.Id, T0.AddHours(3), default)));
        Assert.Equal(0, await database.WithDbAsync(db => db.Alerts.CountAsync()));
    }

    static Build Build(DateTimeOffset at, string status, string agent)
    {
        var id = Guid.NewGuid();
        var failed = status == BuildStatus.Failed;
        return new Build
        {
            Id = id,
            Status = status,
            Repository = "https://git.example.com/trainer.git",
            Ref = "main",
            Commit = new string('a', 40),
            AgentId = agent,
            Attempt = 1,
            QueuedAt = at,
            FinishedAt = at.AddMinutes(5),
            Error = failed ? "process \"/bin/sh -c pytest\" did not complete successfully: exit code: 1" : null,
            Steps =
            [
                Step(id, 0, "[1/3] FROM " + Base, StepStatus.Done),
                Step(id, 1, "[2/3] RUN pip install -r requirements.txt", StepStatus.Cached),
                Step(id, 2, "[3/3] RUN pytest", failed ? StepStatus.Failed : StepStatus.Done),
            ],
        };
    }

    static BuildStep Step(Guid buildId, int index, string instruction, string status) =>
        new() { BuildId = buildId, Attempt = 1, Index = index, Instruction = instruction, Status = status, Cached = status == StepStatus.Cached };
}
